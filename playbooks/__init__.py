"""The example playbooks (shipped inside the package)."""
