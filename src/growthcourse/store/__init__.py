"""Where the learner's data lives: data folder, device identity, the per-device event logs, drafts."""
