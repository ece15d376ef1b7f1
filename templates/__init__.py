"""The built-in paper templates (shipped inside the package)."""
