"""Voice front end: ASR, TTS, sound-card I/O and the voice session every audio channel runs on."""
