"""Pages of the proposals area: the coordinator's decisions and the farmers' answers."""
