"""govkg: who is responsible for what in Chinese county governments."""
