module.exports = {
  apps: [
    // expect: PM2004:54
    { name: "api", script: "server.js", autorestart: false },
  ],
};
