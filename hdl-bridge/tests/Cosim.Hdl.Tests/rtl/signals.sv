// signals: the bridge's signal-level test design. A counter, ports of every storage class (1, 12, 32, 64, 65
// and 128 bits), and a mode input that makes the RTL print, $finish, $stop, $fatal or fail an assertion at
// the next rising edge, so that the C# side can check each path.
module signals (
    input  wire         clk,
    input  wire         rst,            // synchronous, active high
    input  wire [2:0]   mode,           // see MODE_* below; sampled at the rising edge
    input  wire [11:0]  narrow_in,      // 12 bits in a 16-bit storage word
    output wire [11:0]  narrow_echo,    // narrow_in, combinationally
    output wire [12:0]  narrow_plus_one,// narrow_in + 1: shows what the RTL sees of narrow_in
    output reg  [31:0]  count,          // rising edges since reset
    input  wire [63:0]  q_in,
    output wire [64:0]  q_tagged,       // {1'b1, q_in}: 65 bits, three 32-bit words
    input  wire [127:0] wide_in,
    output wire [127:0] wide_out,       // wide_in with its two 64-bit halves swapped
    output reg  [127:0] wide_registered // wide_in at the last rising edge
);
    localparam logic [2:0] MODE_RUN = 3'd0;
    localparam logic [2:0] MODE_FATAL = 3'd1;
    localparam logic [2:0] MODE_STOP = 3'd2;
    localparam logic [2:0] MODE_ASSERT = 3'd3;
    localparam logic [2:0] MODE_FINISH = 3'd4;
    localparam logic [2:0] MODE_DISPLAY = 3'd5;

    assign narrow_echo = narrow_in;
    assign narrow_plus_one = {1'b0, narrow_in} + 13'd1;
    assign q_tagged = {1'b1, q_in};
    assign wide_out = {wide_in[63:0], wide_in[127:64]};

    always @(posedge clk) begin
        if (rst) begin
            count <= 32'd0;
        end else begin
            count <= count + 32'd1;
        end
        wide_registered <= wide_in;
        case (mode)
            MODE_FATAL: $fatal(1, "signals: fatal requested at count %0d", count);
            MODE_STOP: $stop;
            MODE_FINISH: $finish;
            MODE_DISPLAY: $display("signals: count is %0d", count);
            MODE_RUN, MODE_ASSERT: ;
            default: ;
        endcase
        assert (mode != MODE_ASSERT) else $error("signals: mode 3 is forbidden (count %0d)", count);
    end

    final $display("signals: final block at count %0d", count);
endmodule
