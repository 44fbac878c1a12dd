-- scenario.lua: the facilitator's script for this scenario (docs/lua-api.md). It sees the ground
-- truth and changes the exercise only by posting commands or scheduling injects.
--
-- 1. When the attacker encrypts a host, the CEO's inject 4 follows ten minutes later.
-- 2. Every hour (script_limits.tick_s), a note in the facilitator's log while no incident is declared.

local ceo_called = false
local declared = false

function on_technique(rec)                     -- the attacker's moves, success or failure
  if rec.ok and rec.technique == "T1486" and not ceo_called then
    ceo_called = true
    local ok, err = bd.schedule_inject(4, 600)
    if not ok then bd.log("could not schedule inject 4: " .. err) end
  end
end

function on_command(rec)                       -- every command that took effect or failed
  if rec.ok and rec.cmd.kind == "declare_incident" then declared = true end
end

function on_tick(t)
  if not declared and t % 86400 == 0 then
    bd.log(string.format("Day %d: no incident declared yet", t // 86400))
  end
end
