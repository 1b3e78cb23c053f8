"""Follow how a deal is carried out, milestone by milestone."""
