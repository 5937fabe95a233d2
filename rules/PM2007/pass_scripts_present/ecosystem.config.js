module.exports = {
  apps: [
    { name: "api", script: "./src/server.js" },
    { name: "built", script: "dist/main.js" },
    { name: "next", script: "npm", args: "start" },
    { name: "abs", script: "/opt/app/server.js" },
    { name: "dyn", script: process.env.ENTRY || "./missing.js" },
  ],
};
