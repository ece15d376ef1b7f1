"""Files `integrate init` writes: playbook patterns and a repo skeleton."""
