-- Neovim's built-in LSP client against `jianguan lsp` (Neovim 0.7 or later, run headless).
-- Opens $JIANGUAN_MEASURE, waits for the diagnostics, asks for hover on line $JIANGUAN_HOVER_LINE,
-- applies the quick fix whose title has "全角冒号", waits again, and writes everything to $JIANGUAN_OUT.
local command = vim.split(os.getenv("JIANGUAN_LSP"), "\t", { plain = true })
local out = os.getenv("JIANGUAN_OUT")

local function collect(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(found, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
                          code = d.code or lsp.code, source = d.source, message = d.message })
  end
  return found
end

local function has_code(buf, code)
  for _, d in ipairs(collect(buf)) do
    if d.code == code then return true end
  end
  return false
end

vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("JIANGUAN_MEASURE")))
local buf = vim.api.nvim_get_current_buf()
local start = vim.lsp.start_client({ name = "jianguan", cmd = command, root_dir = os.getenv("JIANGUAN_ROOT") })
vim.lsp.buf_attach_client(buf, start)
local result = { opened = vim.wait(60000, function() return has_code(buf, "Y103") end, 50) }
result.before = collect(buf)

local uri = vim.uri_from_bufnr(buf)
local line = tonumber(os.getenv("JIANGUAN_HOVER_LINE"))
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover",
  { textDocument = { uri = uri }, position = { line = line, character = 3 } }, 10000) or {}
for _, answer in pairs(hover) do
  if answer.result then result.hover = answer.result.contents.value end
end

-- the server answers from its own findings on the lines asked about, as when the cursor is on that line
local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
  textDocument = { uri = uri }, range = { start = { line = line, character = 0 }, ["end"] = { line = line, character = 0 } },
  context = { diagnostics = {} } }, 10000) or {}
for _, answer in pairs(actions) do
  for _, action in ipairs(answer.result or {}) do
    if action.title:find("全角冒号", 1, true) and not result.fix then
      result.fix = action.title
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
    end
  end
end
result.fixed = vim.wait(30000, function() return not has_code(buf, "Y103") and #collect(buf) > 0 end, 50)
result.after = collect(buf)
result.text = table.concat(vim.api.nvim_buf_get_lines(buf, line, line + 1, false), "\n")

local file = io.open(out, "w")
file:write(vim.fn.json_encode(result))
file:close()
vim.lsp.stop_client(start, true)
vim.cmd("qa!")
