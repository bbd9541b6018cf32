"""Progress derived from events: the fold of merged events and the gating engine."""
