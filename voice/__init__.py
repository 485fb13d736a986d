"""Voice front end: ASR, TTS, sound-card I/O and the turn pipeline every audio channel runs on."""
