const shared = { max_memory_restart: "500M" };
module.exports = {
  apps: [
    { name: "api", script: "server.js", maxMemoryRestart: "500M", env_production: { NODE_ENV: "production" } },
    { name: "jobs", script: "jobs.js", ...shared, env_production: { NODE_ENV: "production" } },
  ],
};
