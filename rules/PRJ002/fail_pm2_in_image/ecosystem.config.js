module.exports = {
  apps: [{ name: "api", script: "./server.js", env: { PORT: 3000 } }],
};
