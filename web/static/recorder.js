// Hold-to-talk recording: microphone PCM through Web Audio, handed over as a
// 16 kHz mono 16-bit WAV, so the server decodes it with libsndfile alone (no ffmpeg).
"use strict";

const NOTE_RATE = 16000;

class Recorder {
  constructor() {
    this.stream = null;
    this.context = null;
    this.chunks = [];
    this.node = null;
    this.source = null;
  }

  async start() {
    // the microphone stays open between notes: asking again each time would be slow
    if (!this.stream) {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
      });
    }
    if (!this.context) this.context = new AudioContext();
    await this.context.resume();
    this.chunks = [];
    this.source = this.context.createMediaStreamSource(this.stream);
    // ScriptProcessor is deprecated but needs no worklet module and works everywhere
    this.node = this.context.createScriptProcessor(4096, 1, 1);
    this.node.onaudioprocess = (e) => this.chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
    this.source.connect(this.node);
    this.node.connect(this.context.destination);
    this.startedAt = performance.now();
  }

  // → {wav: Blob, seconds: number}
  stop() {
    if (this.node) {
      this.source.disconnect();
      this.node.disconnect();
      this.node.onaudioprocess = null;
      this.node = null;
    }
    const samples = resample(concat(this.chunks), this.context.sampleRate, NOTE_RATE);
    this.chunks = [];
    return { wav: encodeWav(samples, NOTE_RATE), seconds: samples.length / NOTE_RATE };
  }
}

function concat(chunks) {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

// average over each output sample's span: a crude low-pass that is enough for speech
function resample(x, from, to) {
  if (from === to) return x;
  const ratio = from / to;
  const out = new Float32Array(Math.floor(x.length / ratio));
  for (let i = 0; i < out.length; i++) {
    const a = Math.floor(i * ratio), b = Math.min(x.length, Math.floor((i + 1) * ratio));
    let sum = 0;
    for (let j = a; j < b; j++) sum += x[j];
    out[i] = b > a ? sum / (b - a) : x[a] || 0;
  }
  return out;
}

function encodeWav(samples, rate) {
  const buffer = new ArrayBuffer(44 + samples.length * 2);
  const v = new DataView(buffer);
  const text = (at, s) => { for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i)); };
  text(0, "RIFF"); v.setUint32(4, 36 + samples.length * 2, true); text(8, "WAVE");
  text(12, "fmt "); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, rate, true); v.setUint32(28, rate * 2, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
  text(36, "data"); v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    v.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return new Blob([buffer], { type: "audio/wav" });
}
