module.exports = {
  apps: [{ name: "web", script: "./web.js", args: "--host 0.0.0.0 --port=3000" }],
};
