/**
 * Preloaded (`--import`) into the emulator child that `npm start` runs. The child lives in a
 * process group of its own so that Ctrl-C reaches only the app, which stops it last; it must
 * then notice by itself when the app is gone without stopping it (killed, crashed): the IPC
 * channel to the app closes, and it stops as on SIGTERM.
 */
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));

export {};
