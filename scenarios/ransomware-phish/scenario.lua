-- scenario.lua: the facilitator's script for ransomware-phish (docs/lua-api.md).
--
-- 1. When the first incident is declared, the CEO asks the war room for a status update.
-- 2. When the operators delete the backups, the backup vendor's hotline calls two hours later
--    (inject 7, which is otherwise fired by hand).
-- 3. The facilitator's log notes when encryption starts, and where.

local ceo_asked = false
local vendor_called = false
local encryption_logged = false

function on_command(rec)
  if ceo_asked or not rec.ok or rec.cmd.kind ~= "declare_incident" then return end
  ceo_asked = true
  local ok, err = bd.post{
    kind = "send_message",
    team = "facilitator",
    text = "CEO to the war room: I hear we have declared an incident. I need a status update in 30 minutes: "
      .. "what is affected, is customer data involved, and do we have to tell anyone?",
  }
  if not ok then bd.log("could not post the CEO's message: " .. err) end
end

function on_technique(rec)
  if not rec.ok then return end
  if rec.technique == "T1490" and not vendor_called then
    vendor_called = true
    local ok, err = bd.schedule_inject(7, 2 * 3600)
    if not ok then bd.log("could not schedule inject 7: " .. err) end
  elseif rec.technique == "T1486" and not encryption_logged then
    encryption_logged = true
    bd.log(string.format("Encryption started on %s at T+%d h", table.concat(rec.target, ", "), bd.now() // 3600))
  end
end
