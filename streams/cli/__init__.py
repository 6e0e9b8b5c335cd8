"""The `holdline` command line: one module per subcommand group, each importing its heavy parts lazily."""
