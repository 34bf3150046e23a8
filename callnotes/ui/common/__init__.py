"""What every area of the window shares: messages, the task runner, autosave, small widgets."""
