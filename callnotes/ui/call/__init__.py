"""The call in progress: the call bar, the guided rail, a new call, the phone ringing."""
