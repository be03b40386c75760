"""LED sign driver: protocols, serial transport, the sign service and a simulated board."""
