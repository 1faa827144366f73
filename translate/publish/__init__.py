"""Publishing reviewed catalogs back into articles."""
