// tlp_regfile: the bridge's end-to-end test design behind the Cosim TLP-stream interface (docs/rtl-interface.md).
//
// BAR0 (4 KiB), 32-bit registers:
//   00h ID           RO  C05E_0001h
//   04h SCRATCH      RW
//   08h MSI_VECTOR   WO  writing v requests MSI/MSI-X vector v[10:0] (irq_req_*)
//   0Ch INTX         RW  bit 0 drives irq_intx
//   10h DMA_ADDR_LO  RW  host address of the DMA buffer (bits 1:0 ignored)
//   14h DMA_ADDR_HI  RW
//   18h DMA_LENGTH   RW  DWs to move, 1..8
//   1Ch DMA_CONTROL  W: 1 = read host memory into BUF, 2 = write BUF to host memory, bit 8 = request MSI vector 0
//                    when done. R: bit 31 busy, bit 30 done, bit 29 error (bus mastering off or a failed completion)
//   20h-3Ch BUF[0..7] RW
//   F8h FATAL        WO  writing DEAD_DEADh makes the RTL $fatal (to test how the bridge survives it)
// Reads elsewhere return 0 and writes elsewhere are ignored. Memory reads of any length (1..16 DW) and any byte
// enables are completed with one CplD; writes honour the byte enables.
//
// With FAULT_INJECTION = 1, reads at 40h-54h return deliberately broken completions (for the bridge's negative
// tests): 40h Length 2 with one data DW, 44h Byte Count + 4, 48h wrong Lower Address, 4Ch wrong Completer ID,
// 50h a keep gap (keep = 10b on the first beat), 54h a completion on the request channel.
//
// Store and forward: a TLP is received into a DW buffer, handled at its last beat, and a reply is built in an
// output buffer and streamed out two DWs per 64-bit beat. DATA_WIDTH must be 64.
module tlp_regfile #(
    parameter int DATA_WIDTH = 64,
    parameter bit FAULT_INJECTION = 1'b0
) (
    input  wire                    clk,
    input  wire                    rst,
    // host -> device: requests to the function
    input  wire                    h2d_req_valid,
    output wire                    h2d_req_ready,
    input  wire [DATA_WIDTH-1:0]   h2d_req_data,
    input  wire [DATA_WIDTH/32-1:0] h2d_req_keep,
    input  wire                    h2d_req_sop,
    input  wire                    h2d_req_eop,
    input  wire [2:0]              h2d_req_bar,
    // host -> device: completions for the function's DMA reads
    input  wire                    h2d_cpl_valid,
    output wire                    h2d_cpl_ready,
    input  wire [DATA_WIDTH-1:0]   h2d_cpl_data,
    input  wire [DATA_WIDTH/32-1:0] h2d_cpl_keep,
    input  wire                    h2d_cpl_sop,
    input  wire                    h2d_cpl_eop,
    // device -> host: completions for the host's requests
    output wire                    d2h_cpl_valid,
    input  wire                    d2h_cpl_ready,
    output wire [DATA_WIDTH-1:0]   d2h_cpl_data,
    output wire [DATA_WIDTH/32-1:0] d2h_cpl_keep,
    output wire                    d2h_cpl_sop,
    output wire                    d2h_cpl_eop,
    // device -> host: the function's own requests (DMA)
    output wire                    d2h_req_valid,
    input  wire                    d2h_req_ready,
    output wire [DATA_WIDTH-1:0]   d2h_req_data,
    output wire [DATA_WIDTH/32-1:0] d2h_req_keep,
    output wire                    d2h_req_sop,
    output wire                    d2h_req_eop,
    // configuration sideband
    input  wire [15:0]             completer_id,
    input  wire                    cfg_bus_master_enable,
    input  wire [2:0]              cfg_max_payload_size,
    input  wire [2:0]              cfg_max_read_request_size,
    // interrupts
    output reg                     irq_req_valid,
    input  wire                    irq_req_ready,
    output reg  [10:0]             irq_req_vector,
    output wire                    irq_intx,
    output wire                    busy
);
    localparam int BUFFER_DWORDS = 20;
    localparam logic [31:0] ID_VALUE = 32'hC05E_0001;

    // Fmt/Type (PCIe Base 6.0 Table 2-3), as DW0[31:24].
    localparam logic [7:0] MRD32 = 8'h00;
    localparam logic [7:0] MRD64 = 8'h20;
    localparam logic [7:0] MWR32 = 8'h40;
    localparam logic [7:0] MWR64 = 8'h60;
    localparam logic [7:0] CPL = 8'h0A;
    localparam logic [7:0] CPLD = 8'h4A;

    localparam logic [2:0] STATUS_SC = 3'b000;
    localparam logic [2:0] STATUS_UR = 3'b001;

    // ---- registers -------------------------------------------------------------------------------------------------
    reg [31:0] scratch;
    reg        intx_level;
    reg [31:0] dma_addr_lo;
    reg [31:0] dma_addr_hi;
    reg [3:0]  dma_length;
    reg        dma_irq_on_done;
    reg        dma_busy;
    reg        dma_done;
    reg        dma_error;
    reg [31:0] buffer [0:7];

    assign irq_intx = intx_level;

    // ---- byte count and lower address of a memory read (Table 2-37) ------------------------------------------------
    function automatic [12:0] requested_bytes(input [9:0] length, input [3:0] first_be, input [3:0] last_be);
        reg [12:0] total;
        begin
            if (length == 10'd1) begin
                casez (first_be)
                    4'b1??1: requested_bytes = 13'd4;
                    4'b01?1: requested_bytes = 13'd3;
                    4'b1?10: requested_bytes = 13'd3;
                    4'b0011, 4'b0110, 4'b1100: requested_bytes = 13'd2;
                    default: requested_bytes = 13'd1;
                endcase
            end else begin
                total = {1'b0, length, 2'b00};
                casez (first_be)
                    4'b???1: total = total;
                    4'b??10: total = total - 13'd1;
                    4'b?100: total = total - 13'd2;
                    default: total = total - 13'd3;
                endcase
                casez (last_be)
                    4'b1???: total = total;
                    4'b01??: total = total - 13'd1;
                    4'b001?: total = total - 13'd2;
                    default: total = total - 13'd3;
                endcase
                requested_bytes = total;
            end
        end
    endfunction

    function automatic [1:0] first_byte_offset(input [3:0] first_be);
        casez (first_be)
            4'b???1: first_byte_offset = 2'd0;
            4'b??10: first_byte_offset = 2'd1;
            4'b?100: first_byte_offset = 2'd2;
            4'b1000: first_byte_offset = 2'd3;
            default: first_byte_offset = 2'd0;
        endcase
    endfunction

    function automatic [31:0] merge(input [31:0] old_value, input [31:0] new_value, input [3:0] be);
        merge = {be[3] ? new_value[31:24] : old_value[31:24], be[2] ? new_value[23:16] : old_value[23:16],
                 be[1] ? new_value[15:8] : old_value[15:8], be[0] ? new_value[7:0] : old_value[7:0]};
    endfunction

    function automatic [31:0] read_register(input [9:0] index);
        case (index)
            10'h000: read_register = ID_VALUE;
            10'h001: read_register = scratch;
            10'h003: read_register = {31'd0, intx_level};
            10'h004: read_register = dma_addr_lo;
            10'h005: read_register = dma_addr_hi;
            10'h006: read_register = {28'd0, dma_length};
            10'h007: read_register = {dma_busy, dma_done, dma_error, 20'd0, dma_irq_on_done, 8'd0};
            10'h008, 10'h009, 10'h00A, 10'h00B, 10'h00C, 10'h00D, 10'h00E, 10'h00F: read_register = buffer[index[2:0]];
            default: read_register = 32'd0;
        endcase
    endfunction

    // ---- receiving: one DW buffer per host->device channel ---------------------------------------------------------
    reg [31:0] rq [0:BUFFER_DWORDS-1];      // the request being received or handled
    reg [4:0]  rq_count;
    reg        rq_pending;                   // a whole request is in rq, waiting to be handled
    reg [31:0] rc [0:BUFFER_DWORDS-1];      // a completion for a DMA read
    reg [4:0]  rc_count;
    reg        rc_pending;

    assign h2d_req_ready = !rq_pending && !rst;
    assign h2d_cpl_ready = !rc_pending && !rst;

    // ---- sending: one DW buffer per device->host channel -----------------------------------------------------------
    reg [31:0] cq [0:BUFFER_DWORDS-1];      // the completion being sent
    reg [4:0]  cq_count;
    reg [4:0]  cq_sent;
    reg        cq_active;
    reg        cq_keep_gap;                  // fault injection: keep = 10b on the first beat
    reg        cq_on_request_channel;        // fault injection: send the completion on d2h_req

    reg [31:0] dq [0:BUFFER_DWORDS-1];      // the DMA request being sent
    reg [4:0]  dq_count;
    reg [4:0]  dq_sent;
    reg        dq_active;

    wire cq_beat_last = cq_sent + 5'd2 >= cq_count;
    wire dq_beat_last = dq_sent + 5'd2 >= dq_count;
    wire [4:0] cq_next = cq_sent + 5'd1;
    wire [4:0] dq_next = dq_sent + 5'd1;

    wire completion_on_cpl = cq_active && !cq_on_request_channel;
    wire completion_on_req = cq_active && cq_on_request_channel;

    assign d2h_cpl_valid = completion_on_cpl;
    assign d2h_cpl_sop = cq_sent == 5'd0;
    assign d2h_cpl_eop = cq_beat_last;
    assign d2h_cpl_keep = cq_keep_gap && cq_sent == 5'd0 ? 2'b10 : (cq_beat_last && cq_count[0] ? 2'b01 : 2'b11);
    assign d2h_cpl_data = {cq_beat_last && cq_count[0] ? 32'd0 : cq[cq_next], cq[cq_sent]};

    assign d2h_req_valid = dq_active || completion_on_req;
    assign d2h_req_sop = completion_on_req ? cq_sent == 5'd0 : dq_sent == 5'd0;
    assign d2h_req_eop = completion_on_req ? cq_beat_last : dq_beat_last;
    assign d2h_req_keep = (completion_on_req ? cq_beat_last && cq_count[0] : dq_beat_last && dq_count[0]) ? 2'b01 : 2'b11;
    assign d2h_req_data = completion_on_req
        ? {cq_beat_last && cq_count[0] ? 32'd0 : cq[cq_next], cq[cq_sent]}
        : {dq_beat_last && dq_count[0] ? 32'd0 : dq[dq_next], dq[dq_sent]};

    wire completion_fire = (completion_on_cpl && d2h_cpl_ready) || (completion_on_req && d2h_req_ready);
    wire dma_fire = dq_active && !completion_on_req && d2h_req_ready;

    // ---- decoding the received request -----------------------------------------------------------------------------
    wire [7:0]  rq_format_type = rq[0][31:24];
    wire        rq_four_dw = rq[0][29];
    wire [9:0]  rq_length = rq[0][9:0];
    wire [4:0]  rq_header_dwords = rq_four_dw ? 5'd4 : 5'd3;
    wire [15:0] rq_requester = rq[1][31:16];
    wire [9:0]  rq_tag = {rq[0][23], rq[0][19], rq[1][15:8]};
    wire [3:0]  rq_last_be = rq[1][7:4];
    wire [3:0]  rq_first_be = rq[1][3:0];
    wire [31:0] rq_address_low = rq_four_dw ? rq[3] : rq[2];
    wire [9:0]  rq_index = rq_address_low[11:2];
    wire [2:0]  rq_tc = rq[0][22:20];
    wire [2:0]  rq_attr = {rq[0][18], rq[0][13:12]};
    wire [12:0] rq_byte_count = requested_bytes(rq_length, rq_first_be, rq_last_be);
    wire [6:0]  rq_lower_address = {rq_address_low[6:2], first_byte_offset(rq_first_be)};
    wire        rq_is_read = rq_format_type == MRD32 || rq_format_type == MRD64;
    wire        rq_is_write = rq_format_type == MWR32 || rq_format_type == MWR64;
    // Posted: MWr (Type 00000b with data) and messages (Type 10rrrb).
    wire        rq_is_posted = (rq_format_type[4:0] == 5'b00000 && rq_format_type[6]) || rq_format_type[4:3] == 2'b10;
    wire        rq_fault = FAULT_INJECTION && rq_is_read && rq_index >= 10'h010 && rq_index <= 10'h015;
    wire [2:0]  rq_fault_kind = rq_index[2:0];   // 0: length, 1: byte count, 2: lower address, 3: completer, 4: keep, 5: channel

    // A completion header: DW0 Fmt/Type, TC, Attr, Length; DW1 Completer ID, Status, Byte Count; DW2 Requester ID, Tag, Lower Address.
    function automatic [31:0] completion_dw0(input [7:0] format_type, input [1:0] tag_high, input [2:0] tc, input [2:0] attr, input [9:0] length);
        completion_dw0 = {format_type, tag_high[1], tc, tag_high[0], attr[2], 2'b00, 2'b00, attr[1:0], 2'b00, length};
    endfunction

    // ---- DMA requests ------------------------------------------------------------------------------------------------
    wire        dma_four_dw = dma_addr_hi != 32'd0;
    wire [9:0]  dma_length_dw = {6'd0, dma_length};
    wire [3:0]  dma_last_be = dma_length == 4'd1 ? 4'b0000 : 4'b1111;
    localparam logic [7:0] DMA_TAG = 8'h5A;

    // ---- decoding a received completion (for the DMA read) ----------------------------------------------------------
    wire [7:0]  rc_format_type = rc[0][31:24];
    wire [9:0]  rc_length = rc[0][9:0];
    wire [2:0]  rc_status = rc[1][15:13];
    wire [11:0] rc_byte_count = rc[1][11:0];
    wire [6:0]  rc_lower_address = rc[2][6:0];
    wire [4:0]  rc_first_dw = 5'((rc_lower_address - dma_addr_lo[6:0]) >> 2);
    reg  [4:0]  dma_received;

    assign busy = rq_pending || rc_pending || cq_active || dq_active || dma_busy || irq_req_valid;

    always @(posedge clk) begin
        if (rst) begin
            rq_count <= 5'd0;
            rq_pending <= 1'b0;
            rc_count <= 5'd0;
            rc_pending <= 1'b0;
            cq_active <= 1'b0;
            cq_sent <= 5'd0;
            cq_count <= 5'd0;
            cq_keep_gap <= 1'b0;
            cq_on_request_channel <= 1'b0;
            dq_active <= 1'b0;
            dq_sent <= 5'd0;
            dq_count <= 5'd0;
            scratch <= 32'd0;
            intx_level <= 1'b0;
            dma_addr_lo <= 32'd0;
            dma_addr_hi <= 32'd0;
            dma_length <= 4'd1;
            dma_irq_on_done <= 1'b0;
            dma_busy <= 1'b0;
            dma_done <= 1'b0;
            dma_error <= 1'b0;
            dma_received <= 5'd0;
            irq_req_valid <= 1'b0;
            irq_req_vector <= 11'd0;
            for (int i = 0; i < 8; i++) buffer[i] <= 32'd0;
        end else begin
            // Receive request beats.
            if (h2d_req_valid && h2d_req_ready) begin
                if (h2d_req_sop) rq_count <= 5'(h2d_req_keep[1] ? 2 : 1);
                else if (rq_count + 5'd2 <= 5'(BUFFER_DWORDS)) rq_count <= rq_count + 5'(h2d_req_keep[1] ? 2 : 1);
                if (h2d_req_sop) begin
                    rq[0] <= h2d_req_data[31:0];
                    rq[1] <= h2d_req_data[63:32];
                end else if (rq_count + 5'd2 <= 5'(BUFFER_DWORDS)) begin
                    rq[rq_count] <= h2d_req_data[31:0];
                    rq[rq_count + 5'd1] <= h2d_req_data[63:32];
                end
                if (h2d_req_eop) rq_pending <= 1'b1;
            end

            // Receive completion beats.
            if (h2d_cpl_valid && h2d_cpl_ready) begin
                if (h2d_cpl_sop) begin
                    rc[0] <= h2d_cpl_data[31:0];
                    rc[1] <= h2d_cpl_data[63:32];
                    rc_count <= 5'(h2d_cpl_keep[1] ? 2 : 1);
                end else if (rc_count + 5'd2 <= 5'(BUFFER_DWORDS)) begin
                    rc[rc_count] <= h2d_cpl_data[31:0];
                    rc[rc_count + 5'd1] <= h2d_cpl_data[63:32];
                    rc_count <= rc_count + 5'(h2d_cpl_keep[1] ? 2 : 1);
                end
                if (h2d_cpl_eop) rc_pending <= 1'b1;
            end

            // Handle a whole request once the completion buffer is free.
            if (rq_pending && !cq_active) begin
                rq_pending <= 1'b0;
                if (rq_is_write && h2d_req_bar == 3'd0) begin
                    for (int i = 0; i < 16; i++) begin
                        if (i < int'(rq_length) && 5'(i) + rq_header_dwords < rq_count) begin
                            automatic logic [3:0] be = i == 0 ? rq_first_be : (i == int'(rq_length) - 1 ? rq_last_be : 4'hF);
                            automatic logic [31:0] value = rq[5'(i) + rq_header_dwords];
                            automatic logic [9:0] index = rq_index + 10'(i);
                            case (index)
                                10'h001: scratch <= merge(scratch, value, be);
                                10'h002: if (be[0]) begin
                                    irq_req_valid <= 1'b1;
                                    irq_req_vector <= value[10:0];
                                end
                                10'h003: if (be[0]) intx_level <= value[0];
                                10'h004: dma_addr_lo <= merge(dma_addr_lo, value, be);
                                10'h005: dma_addr_hi <= merge(dma_addr_hi, value, be);
                                10'h006: if (be[0]) dma_length <= value[3:0] == 4'd0 ? 4'd1 : (value[3:0] > 4'd8 ? 4'd8 : value[3:0]);
                                10'h007: if (be[0] && !dma_busy && value[1:0] != 2'b00) begin
                                    dma_irq_on_done <= be[1] && value[8];
                                    dma_done <= 1'b0;
                                    dma_error <= 1'b0;
                                    if (!cfg_bus_master_enable) begin
                                        dma_error <= 1'b1;
                                        dma_done <= 1'b1;
                                    end else begin
                                        dma_busy <= 1'b1;
                                        dma_received <= 5'd0;
                                        dq_active <= 1'b1;
                                        dq_sent <= 5'd0;
                                        // MRd or MWr, tag 5Ah, requester = this function.
                                        dq[0] <= {value[1] ? (dma_four_dw ? MWR64 : MWR32) : (dma_four_dw ? MRD64 : MRD32), 14'd0, dma_length_dw};
                                        dq[1] <= {completer_id, DMA_TAG, dma_last_be, 4'b1111};
                                        if (dma_four_dw) begin
                                            dq[2] <= dma_addr_hi;
                                            dq[3] <= {dma_addr_lo[31:2], 2'b00};
                                        end else begin
                                            dq[2] <= {dma_addr_lo[31:2], 2'b00};
                                        end
                                        if (value[1]) begin
                                            for (int j = 0; j < 8; j++) dq[(dma_four_dw ? 4 : 3) + j] <= buffer[j];
                                            dq_count <= (dma_four_dw ? 5'd4 : 5'd3) + 5'(dma_length);
                                        end else begin
                                            dq_count <= dma_four_dw ? 5'd4 : 5'd3;
                                        end
                                    end
                                end
                                10'h008, 10'h009, 10'h00A, 10'h00B, 10'h00C, 10'h00D, 10'h00E, 10'h00F:
                                    buffer[index[2:0]] <= merge(buffer[index[2:0]], value, be);
                                10'h03E: if (be == 4'hF && value == 32'hDEAD_DEAD) $fatal(1, "tlp_regfile: fatal requested by the host");
                                default: ;
                            endcase
                        end
                    end
                end else if (rq_is_read && h2d_req_bar == 3'd0) begin
                    cq_active <= 1'b1;
                    cq_sent <= 5'd0;
                    cq[0] <= completion_dw0(CPLD, rq_tag[9:8], rq_tc, rq_attr, rq_fault && rq_fault_kind == 3'd0 ? rq_length + 10'd1 : rq_length);
                    cq[1] <= {rq_fault && rq_fault_kind == 3'd3 ? completer_id ^ 16'h0100 : completer_id, STATUS_SC, 1'b0,
                              rq_fault && rq_fault_kind == 3'd1 ? rq_byte_count[11:0] + 12'd4 : rq_byte_count[11:0]};
                    cq[2] <= {rq_requester, rq_tag[7:0], 1'b0, rq_fault && rq_fault_kind == 3'd2 ? rq_lower_address ^ 7'h04 : rq_lower_address};
                    for (int i = 0; i < 16; i++) cq[3 + i] <= read_register(rq_index + 10'(i));
                    cq_count <= 5'd3 + (rq_length > 10'd16 ? 5'd16 : rq_length[4:0]);
                    cq_keep_gap <= rq_fault && rq_fault_kind == 3'd4;
                    cq_on_request_channel <= rq_fault && rq_fault_kind == 3'd5;
                end else if (!rq_is_posted) begin
                    // Any other non-posted request: Unsupported Request, Byte Count 4 (or the memory read's), no data.
                    cq_active <= 1'b1;
                    cq_sent <= 5'd0;
                    cq[0] <= completion_dw0(CPL, rq_tag[9:8], rq_tc, rq_attr, 10'd0);
                    cq[1] <= {completer_id, STATUS_UR, 1'b0, rq_is_read ? rq_byte_count[11:0] : 12'd4};
                    cq[2] <= {rq_requester, rq_tag[7:0], 1'b0, rq_is_read ? rq_lower_address : 7'd0};
                    cq_count <= 5'd3;
                    cq_keep_gap <= 1'b0;
                    cq_on_request_channel <= 1'b0;
                end
            end

            // Send completion beats.
            if (completion_fire) begin
                if (cq_beat_last) begin
                    cq_active <= 1'b0;
                    cq_sent <= 5'd0;
                end else begin
                    cq_sent <= cq_sent + 5'd2;
                end
            end

            // Send DMA request beats. A write is done when it is sent; a read when its completions arrived.
            if (dma_fire) begin
                if (dq_beat_last) begin
                    dq_active <= 1'b0;
                    dq_sent <= 5'd0;
                    if (dq[0][30]) begin
                        dma_busy <= 1'b0;
                        dma_done <= 1'b1;
                        if (dma_irq_on_done) begin
                            irq_req_valid <= 1'b1;
                            irq_req_vector <= 11'd0;
                        end
                    end
                end else begin
                    dq_sent <= dq_sent + 5'd2;
                end
            end

            // Take a completion of the DMA read: its data lands at its Lower Address.
            if (rc_pending) begin
                rc_pending <= 1'b0;
                if (dma_busy && (rc_format_type == CPLD || rc_format_type == CPL) && rc[2][15:8] == DMA_TAG) begin
                    if (rc_status != STATUS_SC || rc_format_type == CPL) begin
                        dma_busy <= 1'b0;
                        dma_done <= 1'b1;
                        dma_error <= 1'b1;
                    end else begin
                        for (int i = 0; i < 8; i++) begin
                            if (i < int'(rc_length) && 5'(i) + 5'd3 < rc_count && 5'(i) + rc_first_dw < 5'd8) begin
                                buffer[3'(5'(i) + rc_first_dw)] <= rc[5'(i) + 5'd3];
                            end
                        end
                        dma_received <= dma_received + 5'(rc_length);
                        if ({2'b00, rc_length, 2'b00} >= {1'b0, rc_byte_count} + 13'(rc_lower_address[1:0])) begin
                            dma_busy <= 1'b0;
                            dma_done <= 1'b1;
                            if (dma_irq_on_done) begin
                                irq_req_valid <= 1'b1;
                                irq_req_vector <= 11'd0;
                            end
                        end
                    end
                end
            end

            if (irq_req_valid && irq_req_ready) irq_req_valid <= 1'b0;
        end
    end

    wire unused = &{1'b0, h2d_cpl_keep[0], h2d_req_keep[0], cfg_max_payload_size, cfg_max_read_request_size, dma_received,
                    rq_address_low[1:0], rq_address_low[31:12], rc[2][31:16], rc[2][7], rc[1][31:16], rc[1][12],
                    rc[0][23:10], rc_status, rq_byte_count[12], 1'b0};
endmodule
