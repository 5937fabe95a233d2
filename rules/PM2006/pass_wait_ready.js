module.exports = {
  apps: [
    { name: "api", script: "server.js", exec_mode: "cluster", instances: 4, wait_ready: true, listen_timeout: 10000,
      env_production: { NODE_ENV: "production", PORT: 3000 } },
    { name: "jobs", script: "jobs.js", exec_mode: "cluster", instances: 2, env_production: { NODE_ENV: "production" } },
  ],
};
