module.exports = {
  apps: [
    { name: "api", script: "server.js", exec_mode: "cluster", instances: "max", env_production: { NODE_ENV: "production" } },
    { name: "worker", script: "worker.py", interpreter: "python3", env_production: { NODE_ENV: "production" } },
    { name: "next", script: "npm", args: "start", env_production: { NODE_ENV: "production" } },
    { name: "dev", script: "server.js" },
    { name: "shared", script: "server.js", ...require("./defaults"), env_production: { NODE_ENV: "production" } },
  ],
};
