module.exports = {
  apps: [{ name: "api", script: "server.js" }
};
// expect: PM2000@2:46
