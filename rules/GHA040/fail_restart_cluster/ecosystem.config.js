module.exports = {
  apps: [
    { name: "api", script: "server.js", exec_mode: "cluster", instances: "max" },
    { name: "cron", script: "cron.js" },
  ],
};
