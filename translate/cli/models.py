"""The ``translate models`` commands: install, list, remove and build translation model packages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from translate.cli._common import JsonOption, ModelsDirOption, console, err_console, print_json
from translate.languages import Language
from translate.project import default_models_dir

if TYPE_CHECKING:
    from translate.engine.package import ModelPackage

models_app = typer.Typer(
    name="models",
    help="Install, list, remove and build offline translation models (argostranslate packages).",
    no_args_is_help=True,
)


def _models_dir(models_dir: Path | None) -> Path:
    return (models_dir or default_models_dir()).expanduser().resolve()


def _say(line: str) -> None:
    # Names and folders come from package files: printed as they are, never read as rich markup.
    # (Control characters never get this far: package metadata holding them is refused when read.)
    console.print(line, markup=False)


def _warn_licence(package: ModelPackage) -> None:
    """One line on stderr when the package's licence forbids commercial use."""
    from translate.engine.package import NON_COMMERCIAL_WARNING

    if package.non_commercial:
        warning = f"warning: {package.code} ({package.license}): {NON_COMMERCIAL_WARNING}"
        err_console.print(warning, markup=False)


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@models_app.command("install")
def install_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="Package files (.argosmodel) brought from a connected machine.", dir_okay=False),
    ],
    models_dir: ModelsDirOption = None,
) -> None:
    """Install model packages from local files (nothing is downloaded)."""
    from translate.engine.install import install

    folder = _models_dir(models_dir)
    for file in files:
        package = install(folder, file)
        _say(f"installed {package.pair}: {package.origin} ({package.code}) into {folder}")
        _warn_licence(package)


@models_app.command("list")
def list_command(models_dir: ModelsDirOption = None, as_json: JsonOption = False) -> None:
    """List installed models: pair, name, version, licence, size and whether the model is multilingual."""
    from translate.engine.package import installed_packages

    folder = _models_dir(models_dir)
    packages = installed_packages(folder)
    rows = [
        {
            "code": package.code,
            "pair": package.pair,
            "name": package.name,
            "version": package.version,
            "license": package.license or None,
            "non_commercial": package.non_commercial,
            "size": package.size(),
            "multilingual": package.multilingual,
            "target_prefix": package.target_prefix,
            "source_prefix": " ".join(package.source_prefix),
        }
        for package in packages
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        _say(f"No models installed in {folder}; see `translate models install --help`.")
        return
    table = Table(title=Text(f"Models in {folder}"))
    for column in ("code", "pair", "name", "version", "size", "multilingual"):
        # The code is what `translate models remove` takes: keep it whole even in a narrow terminal.
        table.add_column(
            column,
            justify="right" if column == "size" else "left",
            no_wrap=column in ("code", "pair", "size", "multilingual"),
            min_width=max(len(str(row["code"])) for row in rows) if column == "code" else None,
        )
    for row in rows:
        prefix = f"yes ({row['target_prefix'] or row['source_prefix']})" if row["multilingual"] else "no"
        # The licence goes under the name, not in a column of its own: an 80-column terminal has no room.
        name = Text(str(row["name"]))
        name.append(f"\nlicence: {row['license']}" if row["license"] else "\nlicence unknown", style="dim")
        table.add_row(
            Text(str(row["code"])),
            Text(str(row["pair"])),
            name,
            Text(str(row["version"])),
            Text(_human_size(int(str(row["size"])))),
            Text(prefix),
        )
    console.print(table)
    for package in packages:
        _warn_licence(package)


@models_app.command("remove")
def remove_command(
    code: Annotated[str, typer.Argument(help="Package folder name, pair (en-ru) or target code (ru).")],
    models_dir: ModelsDirOption = None,
) -> None:
    """Remove an installed model."""
    from translate.engine.install import remove

    package = remove(_models_dir(models_dir), code)
    _say(f"removed {package.pair}: {package.origin} ({package.code})")


@models_app.command("build")
def build_command(
    source: Annotated[
        Path,
        typer.Option(
            "--from",
            help="Local Hugging Face checkpoint folder (Marian/OPUS-MT, NLLB/M2M100 or T5/MADLAD-400).",
            exists=True,
            file_okay=False,
        ),
    ],
    to: Annotated[
        list[Language],
        typer.Option(
            "--to", "-t", help="Target language; repeat it for a multilingual checkpoint (NLLB, MADLAD)."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the .argosmodel files.", file_okay=False)
    ] = Path("."),
    name: Annotated[str | None, typer.Option("--name", help="Model name written into the packages.")] = None,
    package_version: Annotated[str, typer.Option("--package-version", help="Package version.")] = "1.0",
    quantization: Annotated[
        str,
        typer.Option(
            "--quantization", help="CTranslate2 weights: int8, int8_float32, int16, float16, float32, ..."
        ),
    ] = "int8",
    license_id: Annotated[
        str | None,
        typer.Option(
            "--license",
            help="SPDX id of the model's licence (Apache-2.0, CC-BY-4.0, CC-BY-NC-4.0, ...); by default the "
            'checkpoint\'s model card (README.md) or config.json says, and "" records none.',
        ),
    ] = None,
    install_after: Annotated[
        bool, typer.Option("--install", help="Also install the built packages into the models folder.")
    ] = False,
    models_dir: ModelsDirOption = None,
) -> None:
    """Convert a local checkpoint into .argosmodel packages with CTranslate2 (needs the build extra)."""
    from translate.engine.build import build_packages
    from translate.engine.install import install

    built = build_packages(
        source,
        list(dict.fromkeys(to)),
        out,
        name=name,
        package_version=package_version,
        quantization=quantization,
        license=license_id,
    )
    for path in built:
        _say(f"built {path}")
        if install_after:
            package = install(_models_dir(models_dir), path)
            _say(f"installed {package.pair}: {package.origin}")
            _warn_licence(package)


def register(app: typer.Typer) -> None:
    """Add the ``models`` command group to the main app."""
    app.add_typer(models_app, name="models")
