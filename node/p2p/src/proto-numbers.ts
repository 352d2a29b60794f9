// Side effect only (see proto.ts): switch protobufjs to numbers before the generated code loads.
import $protobuf from "protobufjs/minimal.js";

$protobuf.util.Long = undefined as unknown as typeof $protobuf.util.Long;
$protobuf.configure();
