"""thidua: emulation movements and commendations for Vietnamese communes."""
