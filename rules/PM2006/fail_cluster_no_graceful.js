module.exports = {
  apps: [{
    name: "api",
    script: "server.js",
    // expect: PM2006:16
    exec_mode: "cluster",
    instances: "max",
    env_production: { NODE_ENV: "production", PORT: 3000 },
  }],
};
