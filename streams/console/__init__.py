"""The review console: the compliance team's web page for working the hold queue (server-rendered)."""
