module.exports = {
  apps: [
    {
      name: "api",
      script: "./server.js",
      env_production: { NODE_ENV: "production", PORT: 3000 },
    },
    {
      name: "web",
      script: "web.js",
      exec_mode: "fork",
      env: { NODE_ENV: "production" },
    },
  ],
};
