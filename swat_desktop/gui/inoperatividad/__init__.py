"""The Inoperatividad workspace: the Formato Manual on screen, its records, drafts and papers."""
