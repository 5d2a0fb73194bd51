-- Wireshark dissector for Cosim TLP traces (cosim run/serve/endpoint --trace-tlp FILE.pcapng).
--
-- Each packet (link type LINKTYPE_USER0 = 147, one pcapng interface per device, if_name = device name) is an
-- 8-byte Cosim header followed by one PCIe TLP exactly as PCIe Base 6.0 §2.2 lays it out:
--
--   byte 0-1  'C' 'T'            magic
--   byte 2    version            01h
--   byte 3    direction          00h down (to the device), 01h up (from the device)
--   byte 4-5  device index       big-endian: the device's index in the topology (the Cosim link channel)
--   byte 6-7  reserved           0
--
-- A TLP of a simulated device (an RTL model) also carries the packet comment "cycle N": the simulation cycle at
-- which it crossed the link, shown as cosimtlp.cycle (filter: cosimtlp.cycle >= 1000) to find it in the waveform.
--
-- Use:  wireshark -X lua_script:tools/wireshark/cosim-tlp.lua trace.pcapng
--       tshark -X lua_script:tools/wireshark/cosim-tlp.lua -r trace.pcapng -T fields -e cosimtlp.type -e cosimtlp.address
-- or copy the file to ~/.local/lib/wireshark/plugins/.

local cosim = Proto("cosimtlp", "Cosim PCIe TLP")

local directions = { [0] = "down (to device)", [1] = "up (from device)" }
local statuses = { [0] = "SC", [1] = "UR", [2] = "CRS", [4] = "CA" }
local message_codes = {
    [0x00] = "Unlock", [0x10] = "LTR", [0x12] = "OBFF", [0x14] = "PM_Active_State_Nak", [0x18] = "PM_PME",
    [0x19] = "PME_Turn_Off", [0x1B] = "PME_TO_Ack",
    [0x20] = "Assert_INTA", [0x21] = "Assert_INTB", [0x22] = "Assert_INTC", [0x23] = "Assert_INTD",
    [0x24] = "Deassert_INTA", [0x25] = "Deassert_INTB", [0x26] = "Deassert_INTC", [0x27] = "Deassert_INTD",
    [0x30] = "ERR_COR", [0x31] = "ERR_NONFATAL", [0x33] = "ERR_FATAL", [0x50] = "Set_Slot_Power_Limit",
    [0x7E] = "Vendor_Defined Type 0", [0x7F] = "Vendor_Defined Type 1",
}

local f = {
    magic = ProtoField.string("cosimtlp.magic", "Magic"),
    version = ProtoField.uint8("cosimtlp.version", "Version"),
    direction = ProtoField.uint8("cosimtlp.direction", "Direction", base.DEC, directions),
    device = ProtoField.uint16("cosimtlp.device", "Device index"),
    fmt = ProtoField.uint8("cosimtlp.fmt", "Fmt", base.HEX),
    type = ProtoField.string("cosimtlp.type", "Type"),
    tc = ProtoField.uint8("cosimtlp.tc", "TC"),
    td = ProtoField.bool("cosimtlp.td", "TD (digest)"),
    ep = ProtoField.bool("cosimtlp.ep", "EP (poisoned)"),
    attr = ProtoField.uint8("cosimtlp.attr", "Attr", base.HEX),
    length = ProtoField.uint16("cosimtlp.length", "Length (DW)"),
    requester = ProtoField.uint16("cosimtlp.requester", "Requester ID", base.HEX),
    requester_bdf = ProtoField.string("cosimtlp.requester_bdf", "Requester"),
    tag = ProtoField.uint16("cosimtlp.tag", "Tag", base.HEX),
    last_be = ProtoField.uint8("cosimtlp.last_be", "Last DW BE", base.HEX),
    first_be = ProtoField.uint8("cosimtlp.first_be", "First DW BE", base.HEX),
    address = ProtoField.uint64("cosimtlp.address", "Address", base.HEX),
    destination = ProtoField.string("cosimtlp.destination", "Destination"),
    register = ProtoField.uint16("cosimtlp.register", "Register", base.HEX),
    completer = ProtoField.string("cosimtlp.completer", "Completer"),
    status = ProtoField.uint8("cosimtlp.status", "Completion Status", base.DEC, statuses),
    bcm = ProtoField.bool("cosimtlp.bcm", "BCM"),
    byte_count = ProtoField.uint16("cosimtlp.byte_count", "Byte Count"),
    lower_address = ProtoField.uint8("cosimtlp.lower_address", "Lower Address", base.HEX),
    message_code = ProtoField.uint8("cosimtlp.message_code", "Message Code", base.HEX, message_codes),
    routing = ProtoField.uint8("cosimtlp.routing", "Routing"),
    payload = ProtoField.bytes("cosimtlp.payload", "Payload"),
    digest = ProtoField.uint32("cosimtlp.digest", "TLP Digest", base.HEX),
    cycle = ProtoField.uint64("cosimtlp.cycle", "Simulation cycle"),
}
cosim.fields = f

local frame_comment = Field.new("frame.comment")

-- The simulation cycle from the packet comment "cycle N", or nil.
local function simulation_cycle()
    for _, comment in ipairs({ frame_comment() }) do
        local digits = tostring(comment.value):match("^cycle (%d+)$")
        if digits then return digits end
    end
    return nil
end

local function bdf(id)
    return string.format("%02x:%02x.%x", bit.rshift(id, 8), bit.band(bit.rshift(id, 3), 0x1f), bit.band(id, 7))
end

-- PCIe Base 6.0 Table 2-3: Fmt and Type together name the transaction.
local function mnemonic(fmt, typ)
    local data = bit.band(fmt, 2) ~= 0
    if typ == 0x00 then return data and "MWr" or "MRd" end
    if typ == 0x01 then return "MRdLk" end
    if typ == 0x02 then return data and "IOWr" or "IORd" end
    if typ == 0x04 then return data and "CfgWr0" or "CfgRd0" end
    if typ == 0x05 then return data and "CfgWr1" or "CfgRd1" end
    if bit.band(typ, 0x18) == 0x10 then return data and "MsgD" or "Msg" end
    if typ == 0x0A then return data and "CplD" or "Cpl" end
    if typ == 0x0B then return data and "CplDLk" or "CplLk" end
    if typ == 0x0C then return "FetchAdd" end
    if typ == 0x0D then return "Swap" end
    if typ == 0x0E then return "CAS" end
    return string.format("Type %02xh", typ)
end

function cosim.dissector(buffer, pinfo, tree)
    if buffer:len() < 12 or buffer(0, 2):string() ~= "CT" then
        return 0
    end

    pinfo.cols.protocol = "CosimTLP"
    local root = tree:add(cosim, buffer(), "Cosim PCIe TLP")
    root:add(f.magic, buffer(0, 2))
    root:add(f.version, buffer(2, 1))
    root:add(f.direction, buffer(3, 1))
    root:add(f.device, buffer(4, 2))
    local cycle = simulation_cycle()
    if cycle then
        root:add(f.cycle, UInt64.new(cycle))
    end

    local tlp = buffer(8):tvb()
    local b0 = tlp(0, 1):uint()
    local b1 = tlp(1, 1):uint()
    local b2 = tlp(2, 1):uint()
    local fmt = bit.rshift(b0, 5)
    local typ = bit.band(b0, 0x1f)
    local name = mnemonic(fmt, typ)
    local four_dw = bit.band(fmt, 1) ~= 0
    local has_data = bit.band(fmt, 2) ~= 0
    local length = bit.bor(bit.lshift(bit.band(b2, 3), 8), tlp(3, 1):uint())
    if length == 0 and has_data then length = 1024 end
    local header_size = four_dw and 16 or 12

    local t = root:add(tlp(0, header_size), "TLP header: " .. name)
    t:add(f.fmt, tlp(0, 1), fmt)
    t:add(f.type, tlp(0, 1), name)
    t:add(f.tc, tlp(1, 1), bit.band(bit.rshift(b1, 4), 7))
    t:add(f.td, tlp(2, 1), bit.band(b2, 0x80) ~= 0)
    t:add(f.ep, tlp(2, 1), bit.band(b2, 0x40) ~= 0)
    t:add(f.attr, tlp(1, 2), bit.bor(bit.lshift(bit.band(b1, 4), 0), bit.band(bit.rshift(b2, 4), 3)))
    t:add(f.length, tlp(2, 2), length)

    local tag_high = bit.bor(bit.lshift(bit.band(b1, 0x80), 2), bit.lshift(bit.band(b1, 0x08), 5))
    local info
    local direction = buffer(3, 1):uint() == 0 and "->" or "<-"
    if typ == 0x0A or typ == 0x0B then
        local completer = tlp(4, 2):uint()
        local status = bit.rshift(tlp(6, 1):uint(), 5)
        local byte_count = bit.bor(bit.lshift(bit.band(tlp(6, 1):uint(), 0x0f), 8), tlp(7, 1):uint())
        if byte_count == 0 then byte_count = 4096 end
        local requester = tlp(8, 2):uint()
        t:add(f.completer, tlp(4, 2), bdf(completer))
        t:add(f.status, tlp(6, 1), status)
        t:add(f.bcm, tlp(6, 1), bit.band(tlp(6, 1):uint(), 0x10) ~= 0)
        t:add(f.byte_count, tlp(6, 2), byte_count)
        t:add(f.requester, tlp(8, 2))
        t:add(f.requester_bdf, tlp(8, 2), bdf(requester))
        t:add(f.tag, tlp(10, 1), bit.bor(tag_high, tlp(10, 1):uint()))
        t:add(f.lower_address, tlp(11, 1), bit.band(tlp(11, 1):uint(), 0x7f))
        info = string.format("%s %s %s bc=%d tag=%x", direction, name, statuses[status] or tostring(status), byte_count, bit.bor(tag_high, tlp(10, 1):uint()))
    else
        local requester = tlp(4, 2):uint()
        local tag = bit.bor(tag_high, tlp(6, 1):uint())
        t:add(f.requester, tlp(4, 2))
        t:add(f.requester_bdf, tlp(4, 2), bdf(requester))
        t:add(f.tag, tlp(6, 1), tag)
        if bit.band(typ, 0x18) == 0x10 then
            local code = tlp(7, 1):uint()
            t:add(f.routing, tlp(0, 1), bit.band(typ, 7))
            t:add(f.message_code, tlp(7, 1))
            info = string.format("%s %s %s", direction, name, message_codes[code] or string.format("code %02xh", code))
        else
            t:add(f.last_be, tlp(7, 1), bit.rshift(tlp(7, 1):uint(), 4))
            t:add(f.first_be, tlp(7, 1), bit.band(tlp(7, 1):uint(), 0x0f))
            if typ == 0x04 or typ == 0x05 then
                local destination = tlp(8, 2):uint()
                local register = bit.bor(bit.lshift(bit.band(tlp(10, 1):uint(), 0x0f), 8), bit.band(tlp(11, 1):uint(), 0xfc))
                t:add(f.destination, tlp(8, 2), bdf(destination))
                t:add(f.register, tlp(10, 2), register)
                info = string.format("%s %s %s reg 0x%03x tag=%x", direction, name, bdf(destination), register, tag)
            else
                local address
                if four_dw then
                    address = UInt64(bit.band(tlp(12, 4):uint(), 0xfffffffc), tlp(8, 4):uint())
                    t:add(f.address, tlp(8, 8), address)
                else
                    address = UInt64(bit.band(tlp(8, 4):uint(), 0xfffffffc), 0)
                    t:add(f.address, tlp(8, 4), address)
                end
                local hex = address:tohex():gsub("^0+", "")
                if hex == "" then hex = "0" end
                info = string.format("%s %s 0x%s len=%d tag=%x", direction, name, hex, length, tag)
            end
        end
    end

    local offset = header_size
    if has_data and tlp:len() >= offset + length * 4 then
        root:add(f.payload, tlp(offset, length * 4))
        offset = offset + length * 4
    end
    if bit.band(b2, 0x80) ~= 0 and tlp:len() >= offset + 4 then
        root:add(f.digest, tlp(offset, 4))
    end

    if cycle then
        info = info .. " cycle=" .. cycle
    end
    pinfo.cols.info = info
    return buffer:len()
end

local encaps = wtap_encaps or wtap
DissectorTable.get("wtap_encap"):add(encaps.USER0, cosim)
