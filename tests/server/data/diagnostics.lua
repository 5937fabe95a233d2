-- Headless Neovim (0.7's built-in client): start `deploylint server`, open the Dockerfile in the
-- working directory, wait for its diagnostics and write them to $DL_OUT, one per line:
-- "<code> <lnum> <col> <end_lnum> <end_col> <message>" (0-based, as Neovim keeps them).
local cmd = { os.getenv("DL_PYTHON"), "-m", "deploylint", "server" }
local client_id = vim.lsp.start_client({ name = "deploylint", cmd = cmd, root_dir = vim.fn.getcwd() })
vim.cmd("edit Dockerfile")
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(lines, string.format("%s %d %d %d %d %s", d.code or "?", d.lnum, d.col, d.end_lnum, d.end_col, d.message))
end
vim.fn.writefile(lines, os.getenv("DL_OUT"))
vim.cmd("qa!")
