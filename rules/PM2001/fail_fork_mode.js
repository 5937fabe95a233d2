module.exports = {
  apps: [
    {
      // expect: PM2001
      name: "api",
      script: "./server.js",
      env_production: { NODE_ENV: "production", PORT: 3000 },
    },
    {
      name: "web",
      script: "web.js",
      // expect: PM2001:18
      exec_mode: "fork",
      env: { NODE_ENV: "production" },
    },
  ],
};
