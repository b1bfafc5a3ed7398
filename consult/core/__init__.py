"""Pieces shared by every feature: configuration, extensions, i18n, security, errors."""
