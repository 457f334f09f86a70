"""Settings and names shared by the web app and the worker (standard library only)."""

from config.settings import Settings, SettingsError

__all__ = ["Settings", "SettingsError"]
