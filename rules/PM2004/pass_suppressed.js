module.exports = {
  apps: [
    // deploylint: ignore[PM2004] a one-shot migration; systemd runs it again on failure
    { name: "migrate", script: "migrate.js", autorestart: false },
    { name: "seed", script: "seed.js", autorestart: false }, /* deploylint: ignore[PM2004] one-shot too */
  ],
};
