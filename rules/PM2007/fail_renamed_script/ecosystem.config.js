module.exports = {
  apps: [
    // expect: PM2007:28
    { name: "api", script: "./src/server.js" },
    // expect: PM2007:45
    { name: "jobs", cwd: "workers", script: "jobs.js" },
  ],
};
