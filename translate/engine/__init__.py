"""Machine translation: the Translator protocol, argos model packages and the CTranslate2 engine."""
