module.exports = {
  apps: [
    { name: "api", script: "server.js" },
    { name: "report", script: "report.js", cron_restart: "0 3 * * *", autorestart: false },
  ],
};
