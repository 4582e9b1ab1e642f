"""Personal data: what thidua keeps about people, why, who sees it and for how long (Law 91/2025/QH15)."""
