// bench_counter: the smallest useful design for the benchmark: a 32-bit accumulator with an enable, a compare
// and an overflow flag. Its eval costs a few nanoseconds, so the bridge's fixed cost per cycle shows.
module bench_counter (
    input  wire        clk,
    input  wire        rst,
    input  wire        enable,
    input  wire [31:0] step,
    input  wire [31:0] compare,
    output reg  [31:0] count,
    output reg         matched,
    output reg         overflow
);
    always @(posedge clk) begin
        if (rst) begin
            count <= 32'd0;
            matched <= 1'b0;
            overflow <= 1'b0;
        end else if (enable) begin
            {overflow, count} <= {1'b0, count} + {1'b0, step};
            matched <= count == compare;
        end
    end
endmodule
