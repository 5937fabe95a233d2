module.exports = {
  apps: [{
    name: "api",
    script: "server.js",
    env_production: {
      NODE_ENV: "production",
      // expect: PM2005:20
      DB_PASSWORD: "pr0d-pa55word",
      // expect: PM2005:53
      SESSION_SECRET: process.env.SESSION_SECRET || "fallback-session-key",
      // expect: PM2005:18
      GH_CLIENT: "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB",
    },
  }],
};
