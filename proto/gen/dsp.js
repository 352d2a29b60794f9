/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const dsp = $root.dsp = (() => {

    /**
     * Namespace dsp.
     * @exports dsp
     * @namespace
     */
    const dsp = {};

    dsp.Message = (function() {

        /**
         * Properties of a Message.
         * @typedef {Object} dsp.Message.$Properties
         * @property {Uint8Array|null} [message] Message message
         * @property {dsp.ID.$Properties|null} [sender] Message sender
         * @property {Uint8Array|null} [signature] Message signature
         * @property {number|null} [requestNonce] Message requestNonce
         * @property {number|null} [messageNonce] Message messageNonce
         * @property {boolean|null} [replyFlag] Message replyFlag
         * @property {number|null} [opcode] Message opcode
         * @property {number|null} [netID] Message netID
         * @property {string|null} [MessageID] Message MessageID
         * @property {boolean|null} [needAck] Message needAck
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Message.
         * @memberof dsp
         * @interface IMessage
         * @augments dsp.Message.$Properties
         * @deprecated Use dsp.Message.$Properties instead.
         */

        /**
         * Shape of a Message.
         * @typedef {dsp.Message.$Properties} dsp.Message.$Shape
         */

        /**
         * Constructs a new Message.
         * @memberof dsp
         * @classdesc Represents a Message.
         * @constructor
         * @param {dsp.Message.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Message = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Message message.
         * @member {Uint8Array} message
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.message = $util.newBuffer([]);

        /**
         * Message sender.
         * @member {dsp.ID.$Properties|null|undefined} sender
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.sender = null;

        /**
         * Message signature.
         * @member {Uint8Array} signature
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.signature = $util.newBuffer([]);

        /**
         * Message requestNonce.
         * @member {number} requestNonce
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.requestNonce = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Message messageNonce.
         * @member {number} messageNonce
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.messageNonce = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Message replyFlag.
         * @member {boolean} replyFlag
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.replyFlag = false;

        /**
         * Message opcode.
         * @member {number} opcode
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.opcode = 0;

        /**
         * Message netID.
         * @member {number} netID
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.netID = 0;

        /**
         * Message MessageID.
         * @member {string} MessageID
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.MessageID = "";

        /**
         * Message needAck.
         * @member {boolean} needAck
         * @memberof dsp.Message
         * @instance
         */
        Message.prototype.needAck = false;

        /**
         * Creates a new Message instance using the specified properties.
         * @function create
         * @memberof dsp.Message
         * @static
         * @param {dsp.Message.$Properties=} [properties] Properties to set
         * @returns {dsp.Message} Message instance
         * @type {{
         *   (properties: dsp.Message.$Shape): dsp.Message & dsp.Message.$Shape;
         *   (properties?: dsp.Message.$Properties): dsp.Message;
         * }}
         */
        Message.create = function(properties) {
            return new Message(properties);
        };

        /**
         * Encodes the specified Message message. Does not implicitly {@link dsp.Message.verify|verify} messages.
         * @function encode
         * @memberof dsp.Message
         * @static
         * @param {dsp.Message.$Properties} message Message message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Message.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.message);
            if (message.sender != null && $Object.hasOwnProperty.call(message, "sender"))
                $root.dsp.ID.encode(message.sender, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.signature);
            if (message.requestNonce != null && $Object.hasOwnProperty.call(message, "requestNonce") && (typeof message.requestNonce === "object" ? message.requestNonce.low || message.requestNonce.high : message.requestNonce !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.requestNonce);
            if (message.messageNonce != null && $Object.hasOwnProperty.call(message, "messageNonce") && (typeof message.messageNonce === "object" ? message.messageNonce.low || message.messageNonce.high : message.messageNonce !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.messageNonce);
            if (message.replyFlag != null && $Object.hasOwnProperty.call(message, "replyFlag") && message.replyFlag !== false)
                writer.uint32(/* id 6, wireType 0 =*/48).bool(message.replyFlag);
            if (message.opcode != null && $Object.hasOwnProperty.call(message, "opcode") && message.opcode !== 0)
                writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.opcode);
            if (message.netID != null && $Object.hasOwnProperty.call(message, "netID") && message.netID !== 0)
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.netID);
            if (message.MessageID != null && $Object.hasOwnProperty.call(message, "MessageID") && message.MessageID !== "")
                writer.uint32(/* id 9, wireType 2 =*/74).string(message.MessageID);
            if (message.needAck != null && $Object.hasOwnProperty.call(message, "needAck") && message.needAck !== false)
                writer.uint32(/* id 10, wireType 0 =*/80).bool(message.needAck);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Message message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Message
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Message & dsp.Message.$Shape} Message
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Message.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Message();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.sender = $root.dsp.ID.decode(reader, reader.size(), $undefined, _depth + 1, message.sender);
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.signature = value;
                        else
                            delete message.signature;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.requestNonce = value;
                        else
                            delete message.requestNonce;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.messageNonce = value;
                        else
                            delete message.messageNonce;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.replyFlag = value;
                        else
                            delete message.replyFlag;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.opcode = value;
                        else
                            delete message.opcode;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.netID = value;
                        else
                            delete message.netID;
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.MessageID = value;
                        else
                            delete message.MessageID;
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.needAck = value;
                        else
                            delete message.needAck;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Message
         * @function getTypeUrl
         * @memberof dsp.Message
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Message.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Message";
        };

        return Message;
    })();

    dsp.ID = (function() {

        /**
         * Properties of a ID.
         * @typedef {Object} dsp.ID.$Properties
         * @property {Uint8Array|null} [netKey] ID netKey
         * @property {string|null} [address] ID address
         * @property {Uint8Array|null} [id] ID id
         * @property {Uint8Array|null} [connectionId] ID connectionId
         * @property {number|null} [scheme] ID scheme
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ID.
         * @memberof dsp
         * @interface IID
         * @augments dsp.ID.$Properties
         * @deprecated Use dsp.ID.$Properties instead.
         */

        /**
         * Shape of a ID.
         * @typedef {dsp.ID.$Properties} dsp.ID.$Shape
         */

        /**
         * Constructs a new ID.
         * @memberof dsp
         * @classdesc Represents a ID.
         * @constructor
         * @param {dsp.ID.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ID = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ID netKey.
         * @member {Uint8Array} netKey
         * @memberof dsp.ID
         * @instance
         */
        ID.prototype.netKey = $util.newBuffer([]);

        /**
         * ID address.
         * @member {string} address
         * @memberof dsp.ID
         * @instance
         */
        ID.prototype.address = "";

        /**
         * ID id.
         * @member {Uint8Array} id
         * @memberof dsp.ID
         * @instance
         */
        ID.prototype.id = $util.newBuffer([]);

        /**
         * ID connectionId.
         * @member {Uint8Array} connectionId
         * @memberof dsp.ID
         * @instance
         */
        ID.prototype.connectionId = $util.newBuffer([]);

        /**
         * ID scheme.
         * @member {number} scheme
         * @memberof dsp.ID
         * @instance
         */
        ID.prototype.scheme = 0;

        /**
         * Creates a new ID instance using the specified properties.
         * @function create
         * @memberof dsp.ID
         * @static
         * @param {dsp.ID.$Properties=} [properties] Properties to set
         * @returns {dsp.ID} ID instance
         * @type {{
         *   (properties: dsp.ID.$Shape): dsp.ID & dsp.ID.$Shape;
         *   (properties?: dsp.ID.$Properties): dsp.ID;
         * }}
         */
        ID.create = function(properties) {
            return new ID(properties);
        };

        /**
         * Encodes the specified ID message. Does not implicitly {@link dsp.ID.verify|verify} messages.
         * @function encode
         * @memberof dsp.ID
         * @static
         * @param {dsp.ID.$Properties} message ID message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ID.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.netKey != null && $Object.hasOwnProperty.call(message, "netKey") && message.netKey.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.netKey);
            if (message.address != null && $Object.hasOwnProperty.call(message, "address") && message.address !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.address);
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.id);
            if (message.connectionId != null && $Object.hasOwnProperty.call(message, "connectionId") && message.connectionId.length)
                writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.connectionId);
            if (message.scheme != null && $Object.hasOwnProperty.call(message, "scheme") && message.scheme !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.scheme);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ID message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ID
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ID & dsp.ID.$Shape} ID
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ID.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ID();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.netKey = value;
                        else
                            delete message.netKey;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.address = value;
                        else
                            delete message.address;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.connectionId = value;
                        else
                            delete message.connectionId;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.scheme = value;
                        else
                            delete message.scheme;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ID
         * @function getTypeUrl
         * @memberof dsp.ID
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ID.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ID";
        };

        return ID;
    })();

    dsp.Bytes = (function() {

        /**
         * Properties of a Bytes.
         * @typedef {Object} dsp.Bytes.$Properties
         * @property {Uint8Array|null} [data] Bytes data
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Bytes.
         * @memberof dsp
         * @interface IBytes
         * @augments dsp.Bytes.$Properties
         * @deprecated Use dsp.Bytes.$Properties instead.
         */

        /**
         * Shape of a Bytes.
         * @typedef {dsp.Bytes.$Properties} dsp.Bytes.$Shape
         */

        /**
         * Constructs a new Bytes.
         * @memberof dsp
         * @classdesc Represents a Bytes.
         * @constructor
         * @param {dsp.Bytes.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Bytes = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Bytes data.
         * @member {Uint8Array} data
         * @memberof dsp.Bytes
         * @instance
         */
        Bytes.prototype.data = $util.newBuffer([]);

        /**
         * Creates a new Bytes instance using the specified properties.
         * @function create
         * @memberof dsp.Bytes
         * @static
         * @param {dsp.Bytes.$Properties=} [properties] Properties to set
         * @returns {dsp.Bytes} Bytes instance
         * @type {{
         *   (properties: dsp.Bytes.$Shape): dsp.Bytes & dsp.Bytes.$Shape;
         *   (properties?: dsp.Bytes.$Properties): dsp.Bytes;
         * }}
         */
        Bytes.create = function(properties) {
            return new Bytes(properties);
        };

        /**
         * Encodes the specified Bytes message. Does not implicitly {@link dsp.Bytes.verify|verify} messages.
         * @function encode
         * @memberof dsp.Bytes
         * @static
         * @param {dsp.Bytes.$Properties} message Bytes message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Bytes.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.data);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Bytes message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Bytes
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Bytes & dsp.Bytes.$Shape} Bytes
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Bytes.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Bytes();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.data = value;
                        else
                            delete message.data;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Bytes
         * @function getTypeUrl
         * @memberof dsp.Bytes
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Bytes.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Bytes";
        };

        return Bytes;
    })();

    dsp.Keepalive = (function() {

        /**
         * Properties of a Keepalive.
         * @typedef {Object} dsp.Keepalive.$Properties
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Keepalive.
         * @memberof dsp
         * @interface IKeepalive
         * @augments dsp.Keepalive.$Properties
         * @deprecated Use dsp.Keepalive.$Properties instead.
         */

        /**
         * Shape of a Keepalive.
         * @typedef {dsp.Keepalive.$Properties} dsp.Keepalive.$Shape
         */

        /**
         * Constructs a new Keepalive.
         * @memberof dsp
         * @classdesc Represents a Keepalive.
         * @constructor
         * @param {dsp.Keepalive.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Keepalive = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Creates a new Keepalive instance using the specified properties.
         * @function create
         * @memberof dsp.Keepalive
         * @static
         * @param {dsp.Keepalive.$Properties=} [properties] Properties to set
         * @returns {dsp.Keepalive} Keepalive instance
         * @type {{
         *   (properties: dsp.Keepalive.$Shape): dsp.Keepalive & dsp.Keepalive.$Shape;
         *   (properties?: dsp.Keepalive.$Properties): dsp.Keepalive;
         * }}
         */
        Keepalive.create = function(properties) {
            return new Keepalive(properties);
        };

        /**
         * Encodes the specified Keepalive message. Does not implicitly {@link dsp.Keepalive.verify|verify} messages.
         * @function encode
         * @memberof dsp.Keepalive
         * @static
         * @param {dsp.Keepalive.$Properties} message Keepalive message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Keepalive.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Keepalive message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Keepalive
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Keepalive & dsp.Keepalive.$Shape} Keepalive
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Keepalive.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Keepalive();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                reader.skipType(tag & 7, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Keepalive
         * @function getTypeUrl
         * @memberof dsp.Keepalive
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Keepalive.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Keepalive";
        };

        return Keepalive;
    })();

    dsp.KeepaliveResponse = (function() {

        /**
         * Properties of a KeepaliveResponse.
         * @typedef {Object} dsp.KeepaliveResponse.$Properties
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a KeepaliveResponse.
         * @memberof dsp
         * @interface IKeepaliveResponse
         * @augments dsp.KeepaliveResponse.$Properties
         * @deprecated Use dsp.KeepaliveResponse.$Properties instead.
         */

        /**
         * Shape of a KeepaliveResponse.
         * @typedef {dsp.KeepaliveResponse.$Properties} dsp.KeepaliveResponse.$Shape
         */

        /**
         * Constructs a new KeepaliveResponse.
         * @memberof dsp
         * @classdesc Represents a KeepaliveResponse.
         * @constructor
         * @param {dsp.KeepaliveResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const KeepaliveResponse = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Creates a new KeepaliveResponse instance using the specified properties.
         * @function create
         * @memberof dsp.KeepaliveResponse
         * @static
         * @param {dsp.KeepaliveResponse.$Properties=} [properties] Properties to set
         * @returns {dsp.KeepaliveResponse} KeepaliveResponse instance
         * @type {{
         *   (properties: dsp.KeepaliveResponse.$Shape): dsp.KeepaliveResponse & dsp.KeepaliveResponse.$Shape;
         *   (properties?: dsp.KeepaliveResponse.$Properties): dsp.KeepaliveResponse;
         * }}
         */
        KeepaliveResponse.create = function(properties) {
            return new KeepaliveResponse(properties);
        };

        /**
         * Encodes the specified KeepaliveResponse message. Does not implicitly {@link dsp.KeepaliveResponse.verify|verify} messages.
         * @function encode
         * @memberof dsp.KeepaliveResponse
         * @static
         * @param {dsp.KeepaliveResponse.$Properties} message KeepaliveResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        KeepaliveResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a KeepaliveResponse message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.KeepaliveResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.KeepaliveResponse & dsp.KeepaliveResponse.$Shape} KeepaliveResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        KeepaliveResponse.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.KeepaliveResponse();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                reader.skipType(tag & 7, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for KeepaliveResponse
         * @function getTypeUrl
         * @memberof dsp.KeepaliveResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        KeepaliveResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.KeepaliveResponse";
        };

        return KeepaliveResponse;
    })();

    dsp.Ping = (function() {

        /**
         * Properties of a Ping.
         * @typedef {Object} dsp.Ping.$Properties
         * @property {number|null} [timestamp] Ping timestamp
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Ping.
         * @memberof dsp
         * @interface IPing
         * @augments dsp.Ping.$Properties
         * @deprecated Use dsp.Ping.$Properties instead.
         */

        /**
         * Shape of a Ping.
         * @typedef {dsp.Ping.$Properties} dsp.Ping.$Shape
         */

        /**
         * Constructs a new Ping.
         * @memberof dsp
         * @classdesc Represents a Ping.
         * @constructor
         * @param {dsp.Ping.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Ping = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Ping timestamp.
         * @member {number} timestamp
         * @memberof dsp.Ping
         * @instance
         */
        Ping.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Ping instance using the specified properties.
         * @function create
         * @memberof dsp.Ping
         * @static
         * @param {dsp.Ping.$Properties=} [properties] Properties to set
         * @returns {dsp.Ping} Ping instance
         * @type {{
         *   (properties: dsp.Ping.$Shape): dsp.Ping & dsp.Ping.$Shape;
         *   (properties?: dsp.Ping.$Properties): dsp.Ping;
         * }}
         */
        Ping.create = function(properties) {
            return new Ping(properties);
        };

        /**
         * Encodes the specified Ping message. Does not implicitly {@link dsp.Ping.verify|verify} messages.
         * @function encode
         * @memberof dsp.Ping
         * @static
         * @param {dsp.Ping.$Properties} message Ping message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Ping.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp") && (typeof message.timestamp === "object" ? message.timestamp.low || message.timestamp.high : message.timestamp !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.timestamp);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Ping message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Ping
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Ping & dsp.Ping.$Shape} Ping
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Ping.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Ping();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.timestamp = value;
                        else
                            delete message.timestamp;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Ping
         * @function getTypeUrl
         * @memberof dsp.Ping
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Ping.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Ping";
        };

        return Ping;
    })();

    dsp.Pong = (function() {

        /**
         * Properties of a Pong.
         * @typedef {Object} dsp.Pong.$Properties
         * @property {number|null} [timestamp] Pong timestamp
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Pong.
         * @memberof dsp
         * @interface IPong
         * @augments dsp.Pong.$Properties
         * @deprecated Use dsp.Pong.$Properties instead.
         */

        /**
         * Shape of a Pong.
         * @typedef {dsp.Pong.$Properties} dsp.Pong.$Shape
         */

        /**
         * Constructs a new Pong.
         * @memberof dsp
         * @classdesc Represents a Pong.
         * @constructor
         * @param {dsp.Pong.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Pong = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Pong timestamp.
         * @member {number} timestamp
         * @memberof dsp.Pong
         * @instance
         */
        Pong.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Pong instance using the specified properties.
         * @function create
         * @memberof dsp.Pong
         * @static
         * @param {dsp.Pong.$Properties=} [properties] Properties to set
         * @returns {dsp.Pong} Pong instance
         * @type {{
         *   (properties: dsp.Pong.$Shape): dsp.Pong & dsp.Pong.$Shape;
         *   (properties?: dsp.Pong.$Properties): dsp.Pong;
         * }}
         */
        Pong.create = function(properties) {
            return new Pong(properties);
        };

        /**
         * Encodes the specified Pong message. Does not implicitly {@link dsp.Pong.verify|verify} messages.
         * @function encode
         * @memberof dsp.Pong
         * @static
         * @param {dsp.Pong.$Properties} message Pong message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Pong.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp") && (typeof message.timestamp === "object" ? message.timestamp.low || message.timestamp.high : message.timestamp !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.timestamp);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Pong message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Pong
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Pong & dsp.Pong.$Shape} Pong
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Pong.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Pong();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.timestamp = value;
                        else
                            delete message.timestamp;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Pong
         * @function getTypeUrl
         * @memberof dsp.Pong
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Pong.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Pong";
        };

        return Pong;
    })();

    dsp.Disconnect = (function() {

        /**
         * Properties of a Disconnect.
         * @typedef {Object} dsp.Disconnect.$Properties
         * @property {string|null} [reason] Disconnect reason
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Disconnect.
         * @memberof dsp
         * @interface IDisconnect
         * @augments dsp.Disconnect.$Properties
         * @deprecated Use dsp.Disconnect.$Properties instead.
         */

        /**
         * Shape of a Disconnect.
         * @typedef {dsp.Disconnect.$Properties} dsp.Disconnect.$Shape
         */

        /**
         * Constructs a new Disconnect.
         * @memberof dsp
         * @classdesc Represents a Disconnect.
         * @constructor
         * @param {dsp.Disconnect.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Disconnect = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Disconnect reason.
         * @member {string} reason
         * @memberof dsp.Disconnect
         * @instance
         */
        Disconnect.prototype.reason = "";

        /**
         * Creates a new Disconnect instance using the specified properties.
         * @function create
         * @memberof dsp.Disconnect
         * @static
         * @param {dsp.Disconnect.$Properties=} [properties] Properties to set
         * @returns {dsp.Disconnect} Disconnect instance
         * @type {{
         *   (properties: dsp.Disconnect.$Shape): dsp.Disconnect & dsp.Disconnect.$Shape;
         *   (properties?: dsp.Disconnect.$Properties): dsp.Disconnect;
         * }}
         */
        Disconnect.create = function(properties) {
            return new Disconnect(properties);
        };

        /**
         * Encodes the specified Disconnect message. Does not implicitly {@link dsp.Disconnect.verify|verify} messages.
         * @function encode
         * @memberof dsp.Disconnect
         * @static
         * @param {dsp.Disconnect.$Properties} message Disconnect message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Disconnect.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.reason);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Disconnect message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Disconnect
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Disconnect & dsp.Disconnect.$Shape} Disconnect
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Disconnect.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Disconnect();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.reason = value;
                        else
                            delete message.reason;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Disconnect
         * @function getTypeUrl
         * @memberof dsp.Disconnect
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Disconnect.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Disconnect";
        };

        return Disconnect;
    })();

    dsp.AckResponse = (function() {

        /**
         * Properties of an AckResponse.
         * @typedef {Object} dsp.AckResponse.$Properties
         * @property {string|null} [MessageID] AckResponse MessageID
         * @property {number|null} [code] AckResponse code
         * @property {string|null} [reason] AckResponse reason
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AckResponse.
         * @memberof dsp
         * @interface IAckResponse
         * @augments dsp.AckResponse.$Properties
         * @deprecated Use dsp.AckResponse.$Properties instead.
         */

        /**
         * Shape of an AckResponse.
         * @typedef {dsp.AckResponse.$Properties} dsp.AckResponse.$Shape
         */

        /**
         * Constructs a new AckResponse.
         * @memberof dsp
         * @classdesc Represents an AckResponse.
         * @constructor
         * @param {dsp.AckResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AckResponse = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AckResponse MessageID.
         * @member {string} MessageID
         * @memberof dsp.AckResponse
         * @instance
         */
        AckResponse.prototype.MessageID = "";

        /**
         * AckResponse code.
         * @member {number} code
         * @memberof dsp.AckResponse
         * @instance
         */
        AckResponse.prototype.code = 0;

        /**
         * AckResponse reason.
         * @member {string} reason
         * @memberof dsp.AckResponse
         * @instance
         */
        AckResponse.prototype.reason = "";

        /**
         * Creates a new AckResponse instance using the specified properties.
         * @function create
         * @memberof dsp.AckResponse
         * @static
         * @param {dsp.AckResponse.$Properties=} [properties] Properties to set
         * @returns {dsp.AckResponse} AckResponse instance
         * @type {{
         *   (properties: dsp.AckResponse.$Shape): dsp.AckResponse & dsp.AckResponse.$Shape;
         *   (properties?: dsp.AckResponse.$Properties): dsp.AckResponse;
         * }}
         */
        AckResponse.create = function(properties) {
            return new AckResponse(properties);
        };

        /**
         * Encodes the specified AckResponse message. Does not implicitly {@link dsp.AckResponse.verify|verify} messages.
         * @function encode
         * @memberof dsp.AckResponse
         * @static
         * @param {dsp.AckResponse.$Properties} message AckResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AckResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.MessageID != null && $Object.hasOwnProperty.call(message, "MessageID") && message.MessageID !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.MessageID);
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.code);
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AckResponse message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.AckResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.AckResponse & dsp.AckResponse.$Shape} AckResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AckResponse.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.AckResponse();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.MessageID = value;
                        else
                            delete message.MessageID;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.reason = value;
                        else
                            delete message.reason;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for AckResponse
         * @function getTypeUrl
         * @memberof dsp.AckResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AckResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.AckResponse";
        };

        return AckResponse;
    })();

    dsp.ProxyRequest = (function() {

        /**
         * Properties of a ProxyRequest.
         * @typedef {Object} dsp.ProxyRequest.$Properties
         * @property {string|null} [originAddress] ProxyRequest originAddress
         * @property {string|null} [proxyAddress] ProxyRequest proxyAddress
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProxyRequest.
         * @memberof dsp
         * @interface IProxyRequest
         * @augments dsp.ProxyRequest.$Properties
         * @deprecated Use dsp.ProxyRequest.$Properties instead.
         */

        /**
         * Shape of a ProxyRequest.
         * @typedef {dsp.ProxyRequest.$Properties} dsp.ProxyRequest.$Shape
         */

        /**
         * Constructs a new ProxyRequest.
         * @memberof dsp
         * @classdesc Represents a ProxyRequest.
         * @constructor
         * @param {dsp.ProxyRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProxyRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProxyRequest originAddress.
         * @member {string} originAddress
         * @memberof dsp.ProxyRequest
         * @instance
         */
        ProxyRequest.prototype.originAddress = "";

        /**
         * ProxyRequest proxyAddress.
         * @member {string} proxyAddress
         * @memberof dsp.ProxyRequest
         * @instance
         */
        ProxyRequest.prototype.proxyAddress = "";

        /**
         * Creates a new ProxyRequest instance using the specified properties.
         * @function create
         * @memberof dsp.ProxyRequest
         * @static
         * @param {dsp.ProxyRequest.$Properties=} [properties] Properties to set
         * @returns {dsp.ProxyRequest} ProxyRequest instance
         * @type {{
         *   (properties: dsp.ProxyRequest.$Shape): dsp.ProxyRequest & dsp.ProxyRequest.$Shape;
         *   (properties?: dsp.ProxyRequest.$Properties): dsp.ProxyRequest;
         * }}
         */
        ProxyRequest.create = function(properties) {
            return new ProxyRequest(properties);
        };

        /**
         * Encodes the specified ProxyRequest message. Does not implicitly {@link dsp.ProxyRequest.verify|verify} messages.
         * @function encode
         * @memberof dsp.ProxyRequest
         * @static
         * @param {dsp.ProxyRequest.$Properties} message ProxyRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProxyRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.originAddress != null && $Object.hasOwnProperty.call(message, "originAddress") && message.originAddress !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.originAddress);
            if (message.proxyAddress != null && $Object.hasOwnProperty.call(message, "proxyAddress") && message.proxyAddress !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.proxyAddress);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ProxyRequest message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ProxyRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ProxyRequest & dsp.ProxyRequest.$Shape} ProxyRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProxyRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ProxyRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.originAddress = value;
                        else
                            delete message.originAddress;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.proxyAddress = value;
                        else
                            delete message.proxyAddress;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ProxyRequest
         * @function getTypeUrl
         * @memberof dsp.ProxyRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProxyRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ProxyRequest";
        };

        return ProxyRequest;
    })();

    dsp.ProxyResponse = (function() {

        /**
         * Properties of a ProxyResponse.
         * @typedef {Object} dsp.ProxyResponse.$Properties
         * @property {string|null} [originAddress] ProxyResponse originAddress
         * @property {string|null} [proxyAddress] ProxyResponse proxyAddress
         * @property {number|null} [code] ProxyResponse code
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProxyResponse.
         * @memberof dsp
         * @interface IProxyResponse
         * @augments dsp.ProxyResponse.$Properties
         * @deprecated Use dsp.ProxyResponse.$Properties instead.
         */

        /**
         * Shape of a ProxyResponse.
         * @typedef {dsp.ProxyResponse.$Properties} dsp.ProxyResponse.$Shape
         */

        /**
         * Constructs a new ProxyResponse.
         * @memberof dsp
         * @classdesc Represents a ProxyResponse.
         * @constructor
         * @param {dsp.ProxyResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProxyResponse = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProxyResponse originAddress.
         * @member {string} originAddress
         * @memberof dsp.ProxyResponse
         * @instance
         */
        ProxyResponse.prototype.originAddress = "";

        /**
         * ProxyResponse proxyAddress.
         * @member {string} proxyAddress
         * @memberof dsp.ProxyResponse
         * @instance
         */
        ProxyResponse.prototype.proxyAddress = "";

        /**
         * ProxyResponse code.
         * @member {number} code
         * @memberof dsp.ProxyResponse
         * @instance
         */
        ProxyResponse.prototype.code = 0;

        /**
         * Creates a new ProxyResponse instance using the specified properties.
         * @function create
         * @memberof dsp.ProxyResponse
         * @static
         * @param {dsp.ProxyResponse.$Properties=} [properties] Properties to set
         * @returns {dsp.ProxyResponse} ProxyResponse instance
         * @type {{
         *   (properties: dsp.ProxyResponse.$Shape): dsp.ProxyResponse & dsp.ProxyResponse.$Shape;
         *   (properties?: dsp.ProxyResponse.$Properties): dsp.ProxyResponse;
         * }}
         */
        ProxyResponse.create = function(properties) {
            return new ProxyResponse(properties);
        };

        /**
         * Encodes the specified ProxyResponse message. Does not implicitly {@link dsp.ProxyResponse.verify|verify} messages.
         * @function encode
         * @memberof dsp.ProxyResponse
         * @static
         * @param {dsp.ProxyResponse.$Properties} message ProxyResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProxyResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.originAddress != null && $Object.hasOwnProperty.call(message, "originAddress") && message.originAddress !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.originAddress);
            if (message.proxyAddress != null && $Object.hasOwnProperty.call(message, "proxyAddress") && message.proxyAddress !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.proxyAddress);
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.code);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ProxyResponse message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ProxyResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ProxyResponse & dsp.ProxyResponse.$Shape} ProxyResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProxyResponse.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ProxyResponse();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.originAddress = value;
                        else
                            delete message.originAddress;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.proxyAddress = value;
                        else
                            delete message.proxyAddress;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ProxyResponse
         * @function getTypeUrl
         * @memberof dsp.ProxyResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProxyResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ProxyResponse";
        };

        return ProxyResponse;
    })();

    dsp.Tx = (function() {

        /**
         * Properties of a Tx.
         * @typedef {Object} dsp.Tx.$Properties
         * @property {Uint8Array|null} [hash] Tx hash
         * @property {number|null} [height] Tx height
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Tx.
         * @memberof dsp
         * @interface ITx
         * @augments dsp.Tx.$Properties
         * @deprecated Use dsp.Tx.$Properties instead.
         */

        /**
         * Shape of a Tx.
         * @typedef {dsp.Tx.$Properties} dsp.Tx.$Shape
         */

        /**
         * Constructs a new Tx.
         * @memberof dsp
         * @classdesc Represents a Tx.
         * @constructor
         * @param {dsp.Tx.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Tx = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Tx hash.
         * @member {Uint8Array} hash
         * @memberof dsp.Tx
         * @instance
         */
        Tx.prototype.hash = $util.newBuffer([]);

        /**
         * Tx height.
         * @member {number} height
         * @memberof dsp.Tx
         * @instance
         */
        Tx.prototype.height = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Tx instance using the specified properties.
         * @function create
         * @memberof dsp.Tx
         * @static
         * @param {dsp.Tx.$Properties=} [properties] Properties to set
         * @returns {dsp.Tx} Tx instance
         * @type {{
         *   (properties: dsp.Tx.$Shape): dsp.Tx & dsp.Tx.$Shape;
         *   (properties?: dsp.Tx.$Properties): dsp.Tx;
         * }}
         */
        Tx.create = function(properties) {
            return new Tx(properties);
        };

        /**
         * Encodes the specified Tx message. Does not implicitly {@link dsp.Tx.verify|verify} messages.
         * @function encode
         * @memberof dsp.Tx
         * @static
         * @param {dsp.Tx.$Properties} message Tx message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Tx.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.hash != null && $Object.hasOwnProperty.call(message, "hash") && message.hash.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.hash);
            if (message.height != null && $Object.hasOwnProperty.call(message, "height") && (typeof message.height === "object" ? message.height.low || message.height.high : message.height !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.height);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Tx message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Tx
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Tx & dsp.Tx.$Shape} Tx
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Tx.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Tx();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.hash = value;
                        else
                            delete message.hash;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.height = value;
                        else
                            delete message.height;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Tx
         * @function getTypeUrl
         * @memberof dsp.Tx
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Tx.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Tx";
        };

        return Tx;
    })();

    dsp.Breakpoint = (function() {

        /**
         * Properties of a Breakpoint.
         * @typedef {Object} dsp.Breakpoint.$Properties
         * @property {string|null} [hash] Breakpoint hash
         * @property {number|null} [index] Breakpoint index
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Breakpoint.
         * @memberof dsp
         * @interface IBreakpoint
         * @augments dsp.Breakpoint.$Properties
         * @deprecated Use dsp.Breakpoint.$Properties instead.
         */

        /**
         * Shape of a Breakpoint.
         * @typedef {dsp.Breakpoint.$Properties} dsp.Breakpoint.$Shape
         */

        /**
         * Constructs a new Breakpoint.
         * @memberof dsp
         * @classdesc Represents a Breakpoint.
         * @constructor
         * @param {dsp.Breakpoint.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Breakpoint = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Breakpoint hash.
         * @member {string} hash
         * @memberof dsp.Breakpoint
         * @instance
         */
        Breakpoint.prototype.hash = "";

        /**
         * Breakpoint index.
         * @member {number} index
         * @memberof dsp.Breakpoint
         * @instance
         */
        Breakpoint.prototype.index = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Breakpoint instance using the specified properties.
         * @function create
         * @memberof dsp.Breakpoint
         * @static
         * @param {dsp.Breakpoint.$Properties=} [properties] Properties to set
         * @returns {dsp.Breakpoint} Breakpoint instance
         * @type {{
         *   (properties: dsp.Breakpoint.$Shape): dsp.Breakpoint & dsp.Breakpoint.$Shape;
         *   (properties?: dsp.Breakpoint.$Properties): dsp.Breakpoint;
         * }}
         */
        Breakpoint.create = function(properties) {
            return new Breakpoint(properties);
        };

        /**
         * Encodes the specified Breakpoint message. Does not implicitly {@link dsp.Breakpoint.verify|verify} messages.
         * @function encode
         * @memberof dsp.Breakpoint
         * @static
         * @param {dsp.Breakpoint.$Properties} message Breakpoint message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Breakpoint.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.hash != null && $Object.hasOwnProperty.call(message, "hash") && message.hash !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.hash);
            if (message.index != null && $Object.hasOwnProperty.call(message, "index") && (typeof message.index === "object" ? message.index.low || message.index.high : message.index !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.index);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Breakpoint message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Breakpoint
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Breakpoint & dsp.Breakpoint.$Shape} Breakpoint
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Breakpoint.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Breakpoint();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hash = value;
                        else
                            delete message.hash;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.index = value;
                        else
                            delete message.index;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Breakpoint
         * @function getTypeUrl
         * @memberof dsp.Breakpoint
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Breakpoint.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Breakpoint";
        };

        return Breakpoint;
    })();

    dsp.Chain = (function() {

        /**
         * Properties of a Chain.
         * @typedef {Object} dsp.Chain.$Properties
         * @property {number|null} [type] Chain type
         * @property {number|null} [height] Chain height
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Chain.
         * @memberof dsp
         * @interface IChain
         * @augments dsp.Chain.$Properties
         * @deprecated Use dsp.Chain.$Properties instead.
         */

        /**
         * Shape of a Chain.
         * @typedef {dsp.Chain.$Properties} dsp.Chain.$Shape
         */

        /**
         * Constructs a new Chain.
         * @memberof dsp
         * @classdesc Represents a Chain.
         * @constructor
         * @param {dsp.Chain.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Chain = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Chain type.
         * @member {number} type
         * @memberof dsp.Chain
         * @instance
         */
        Chain.prototype.type = 0;

        /**
         * Chain height.
         * @member {number} height
         * @memberof dsp.Chain
         * @instance
         */
        Chain.prototype.height = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Chain instance using the specified properties.
         * @function create
         * @memberof dsp.Chain
         * @static
         * @param {dsp.Chain.$Properties=} [properties] Properties to set
         * @returns {dsp.Chain} Chain instance
         * @type {{
         *   (properties: dsp.Chain.$Shape): dsp.Chain & dsp.Chain.$Shape;
         *   (properties?: dsp.Chain.$Properties): dsp.Chain;
         * }}
         */
        Chain.create = function(properties) {
            return new Chain(properties);
        };

        /**
         * Encodes the specified Chain message. Does not implicitly {@link dsp.Chain.verify|verify} messages.
         * @function encode
         * @memberof dsp.Chain
         * @static
         * @param {dsp.Chain.$Properties} message Chain message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Chain.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.type);
            if (message.height != null && $Object.hasOwnProperty.call(message, "height") && (typeof message.height === "object" ? message.height.low || message.height.high : message.height !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.height);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Chain message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Chain
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Chain & dsp.Chain.$Shape} Chain
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Chain.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Chain();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.type = value;
                        else
                            delete message.type;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.height = value;
                        else
                            delete message.height;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Chain
         * @function getTypeUrl
         * @memberof dsp.Chain
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Chain.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Chain";
        };

        return Chain;
    })();

    dsp.File = (function() {

        /**
         * Properties of a File.
         * @typedef {Object} dsp.File.$Properties
         * @property {string|null} [sessionId] File sessionId
         * @property {string|null} [hash] File hash
         * @property {Array.<string>|null} [blockHashes] File blockHashes
         * @property {number|null} [operation] File operation
         * @property {Uint8Array|null} [prefix] File prefix
         * @property {number|null} [chunkSize] File chunkSize
         * @property {dsp.Payment.$Properties|null} [payInfo] File payInfo
         * @property {dsp.Tx.$Properties|null} [tx] File tx
         * @property {dsp.Breakpoint.$Properties|null} [breakpoint] File breakpoint
         * @property {number|null} [totalBlockCount] File totalBlockCount
         * @property {dsp.Chain.$Properties|null} [chainInfo] File chainInfo
         * @property {string|null} [blocksRoot] File blocksRoot
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a File.
         * @memberof dsp
         * @interface IFile
         * @augments dsp.File.$Properties
         * @deprecated Use dsp.File.$Properties instead.
         */

        /**
         * Shape of a File.
         * @typedef {dsp.File.$Properties} dsp.File.$Shape
         */

        /**
         * Constructs a new File.
         * @memberof dsp
         * @classdesc Represents a File.
         * @constructor
         * @param {dsp.File.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const File = function (properties) {
            this.blockHashes = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * File sessionId.
         * @member {string} sessionId
         * @memberof dsp.File
         * @instance
         */
        File.prototype.sessionId = "";

        /**
         * File hash.
         * @member {string} hash
         * @memberof dsp.File
         * @instance
         */
        File.prototype.hash = "";

        /**
         * File blockHashes.
         * @member {Array.<string>} blockHashes
         * @memberof dsp.File
         * @instance
         */
        File.prototype.blockHashes = $util.emptyArray;

        /**
         * File operation.
         * @member {number} operation
         * @memberof dsp.File
         * @instance
         */
        File.prototype.operation = 0;

        /**
         * File prefix.
         * @member {Uint8Array} prefix
         * @memberof dsp.File
         * @instance
         */
        File.prototype.prefix = $util.newBuffer([]);

        /**
         * File chunkSize.
         * @member {number} chunkSize
         * @memberof dsp.File
         * @instance
         */
        File.prototype.chunkSize = 0;

        /**
         * File payInfo.
         * @member {dsp.Payment.$Properties|null|undefined} payInfo
         * @memberof dsp.File
         * @instance
         */
        File.prototype.payInfo = null;

        /**
         * File tx.
         * @member {dsp.Tx.$Properties|null|undefined} tx
         * @memberof dsp.File
         * @instance
         */
        File.prototype.tx = null;

        /**
         * File breakpoint.
         * @member {dsp.Breakpoint.$Properties|null|undefined} breakpoint
         * @memberof dsp.File
         * @instance
         */
        File.prototype.breakpoint = null;

        /**
         * File totalBlockCount.
         * @member {number} totalBlockCount
         * @memberof dsp.File
         * @instance
         */
        File.prototype.totalBlockCount = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * File chainInfo.
         * @member {dsp.Chain.$Properties|null|undefined} chainInfo
         * @memberof dsp.File
         * @instance
         */
        File.prototype.chainInfo = null;

        /**
         * File blocksRoot.
         * @member {string} blocksRoot
         * @memberof dsp.File
         * @instance
         */
        File.prototype.blocksRoot = "";

        /**
         * Creates a new File instance using the specified properties.
         * @function create
         * @memberof dsp.File
         * @static
         * @param {dsp.File.$Properties=} [properties] Properties to set
         * @returns {dsp.File} File instance
         * @type {{
         *   (properties: dsp.File.$Shape): dsp.File & dsp.File.$Shape;
         *   (properties?: dsp.File.$Properties): dsp.File;
         * }}
         */
        File.create = function(properties) {
            return new File(properties);
        };

        /**
         * Encodes the specified File message. Does not implicitly {@link dsp.File.verify|verify} messages.
         * @function encode
         * @memberof dsp.File
         * @static
         * @param {dsp.File.$Properties} message File message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        File.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.sessionId != null && $Object.hasOwnProperty.call(message, "sessionId") && message.sessionId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.sessionId);
            if (message.hash != null && $Object.hasOwnProperty.call(message, "hash") && message.hash !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.hash);
            if (message.blockHashes != null && message.blockHashes.length)
                for (let i = 0; i < message.blockHashes.length; ++i)
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.blockHashes[i]);
            if (message.operation != null && $Object.hasOwnProperty.call(message, "operation") && message.operation !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.operation);
            if (message.prefix != null && $Object.hasOwnProperty.call(message, "prefix") && message.prefix.length)
                writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.prefix);
            if (message.chunkSize != null && $Object.hasOwnProperty.call(message, "chunkSize") && message.chunkSize !== 0)
                writer.uint32(/* id 6, wireType 0 =*/48).int32(message.chunkSize);
            if (message.payInfo != null && $Object.hasOwnProperty.call(message, "payInfo"))
                $root.dsp.Payment.encode(message.payInfo, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.tx != null && $Object.hasOwnProperty.call(message, "tx"))
                $root.dsp.Tx.encode(message.tx, writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
            if (message.breakpoint != null && $Object.hasOwnProperty.call(message, "breakpoint"))
                $root.dsp.Breakpoint.encode(message.breakpoint, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
            if (message.totalBlockCount != null && $Object.hasOwnProperty.call(message, "totalBlockCount") && (typeof message.totalBlockCount === "object" ? message.totalBlockCount.low || message.totalBlockCount.high : message.totalBlockCount !== 0))
                writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.totalBlockCount);
            if (message.chainInfo != null && $Object.hasOwnProperty.call(message, "chainInfo"))
                $root.dsp.Chain.encode(message.chainInfo, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
            if (message.blocksRoot != null && $Object.hasOwnProperty.call(message, "blocksRoot") && message.blocksRoot !== "")
                writer.uint32(/* id 12, wireType 2 =*/98).string(message.blocksRoot);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a File message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.File
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.File & dsp.File.$Shape} File
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        File.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.File();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sessionId = value;
                        else
                            delete message.sessionId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hash = value;
                        else
                            delete message.hash;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.blockHashes && message.blockHashes.length))
                            message.blockHashes = [];
                        message.blockHashes.push(reader.stringVerify());
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.operation = value;
                        else
                            delete message.operation;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.prefix = value;
                        else
                            delete message.prefix;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.chunkSize = value;
                        else
                            delete message.chunkSize;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.payInfo = $root.dsp.Payment.decode(reader, reader.size(), $undefined, _depth + 1, message.payInfo);
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        message.tx = $root.dsp.Tx.decode(reader, reader.size(), $undefined, _depth + 1, message.tx);
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        message.breakpoint = $root.dsp.Breakpoint.decode(reader, reader.size(), $undefined, _depth + 1, message.breakpoint);
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.totalBlockCount = value;
                        else
                            delete message.totalBlockCount;
                        continue;
                    }
                case 11: {
                        if (wireType !== 2)
                            break;
                        message.chainInfo = $root.dsp.Chain.decode(reader, reader.size(), $undefined, _depth + 1, message.chainInfo);
                        continue;
                    }
                case 12: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.blocksRoot = value;
                        else
                            delete message.blocksRoot;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for File
         * @function getTypeUrl
         * @memberof dsp.File
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        File.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.File";
        };

        return File;
    })();

    dsp.Block = (function() {

        /**
         * Properties of a Block.
         * @typedef {Object} dsp.Block.$Properties
         * @property {string|null} [sessionId] Block sessionId
         * @property {number|null} [index] Block index
         * @property {string|null} [fileHash] Block fileHash
         * @property {string|null} [hash] Block hash
         * @property {Uint8Array|null} [data] Block data
         * @property {number|null} [operation] Block operation
         * @property {number|null} [offset] Block offset
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Block.
         * @memberof dsp
         * @interface IBlock
         * @augments dsp.Block.$Properties
         * @deprecated Use dsp.Block.$Properties instead.
         */

        /**
         * Shape of a Block.
         * @typedef {dsp.Block.$Properties} dsp.Block.$Shape
         */

        /**
         * Constructs a new Block.
         * @memberof dsp
         * @classdesc Represents a Block.
         * @constructor
         * @param {dsp.Block.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Block = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Block sessionId.
         * @member {string} sessionId
         * @memberof dsp.Block
         * @instance
         */
        Block.prototype.sessionId = "";

        /**
         * Block index.
         * @member {number} index
         * @memberof dsp.Block
         * @instance
         */
        Block.prototype.index = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Block fileHash.
         * @member {string} fileHash
         * @memberof dsp.Block
         * @instance
         */
        Block.prototype.fileHash = "";

        /**
         * Block hash.
         * @member {string} hash
         * @memberof dsp.Block
         * @instance
         */
        Block.prototype.hash = "";

        /**
         * Block data.
         * @member {Uint8Array} data
         * @memberof dsp.Block
         * @instance
         */
        Block.prototype.data = $util.newBuffer([]);

        /**
         * Block operation.
         * @member {number} operation
         * @memberof dsp.Block
         * @instance
         */
        Block.prototype.operation = 0;

        /**
         * Block offset.
         * @member {number} offset
         * @memberof dsp.Block
         * @instance
         */
        Block.prototype.offset = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Block instance using the specified properties.
         * @function create
         * @memberof dsp.Block
         * @static
         * @param {dsp.Block.$Properties=} [properties] Properties to set
         * @returns {dsp.Block} Block instance
         * @type {{
         *   (properties: dsp.Block.$Shape): dsp.Block & dsp.Block.$Shape;
         *   (properties?: dsp.Block.$Properties): dsp.Block;
         * }}
         */
        Block.create = function(properties) {
            return new Block(properties);
        };

        /**
         * Encodes the specified Block message. Does not implicitly {@link dsp.Block.verify|verify} messages.
         * @function encode
         * @memberof dsp.Block
         * @static
         * @param {dsp.Block.$Properties} message Block message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Block.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.sessionId != null && $Object.hasOwnProperty.call(message, "sessionId") && message.sessionId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.sessionId);
            if (message.index != null && $Object.hasOwnProperty.call(message, "index") && (typeof message.index === "object" ? message.index.low || message.index.high : message.index !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.index);
            if (message.fileHash != null && $Object.hasOwnProperty.call(message, "fileHash") && message.fileHash !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.fileHash);
            if (message.hash != null && $Object.hasOwnProperty.call(message, "hash") && message.hash !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.hash);
            if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.data);
            if (message.operation != null && $Object.hasOwnProperty.call(message, "operation") && message.operation !== 0)
                writer.uint32(/* id 6, wireType 0 =*/48).int32(message.operation);
            if (message.offset != null && $Object.hasOwnProperty.call(message, "offset") && (typeof message.offset === "object" ? message.offset.low || message.offset.high : message.offset !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.offset);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Block message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Block
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Block & dsp.Block.$Shape} Block
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Block.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Block();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sessionId = value;
                        else
                            delete message.sessionId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.index = value;
                        else
                            delete message.index;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.fileHash = value;
                        else
                            delete message.fileHash;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hash = value;
                        else
                            delete message.hash;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.data = value;
                        else
                            delete message.data;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.operation = value;
                        else
                            delete message.operation;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.offset = value;
                        else
                            delete message.offset;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Block
         * @function getTypeUrl
         * @memberof dsp.Block
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Block.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Block";
        };

        return Block;
    })();

    dsp.BlockFlights = (function() {

        /**
         * Properties of a BlockFlights.
         * @typedef {Object} dsp.BlockFlights.$Properties
         * @property {number|null} [TimeStamp] BlockFlights TimeStamp
         * @property {string|null} [sessionId] BlockFlights sessionId
         * @property {Array.<dsp.Block.$Properties>|null} [blocks] BlockFlights blocks
         * @property {dsp.Payment.$Properties|null} [payment] BlockFlights payment
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BlockFlights.
         * @memberof dsp
         * @interface IBlockFlights
         * @augments dsp.BlockFlights.$Properties
         * @deprecated Use dsp.BlockFlights.$Properties instead.
         */

        /**
         * Shape of a BlockFlights.
         * @typedef {dsp.BlockFlights.$Properties} dsp.BlockFlights.$Shape
         */

        /**
         * Constructs a new BlockFlights.
         * @memberof dsp
         * @classdesc Represents a BlockFlights.
         * @constructor
         * @param {dsp.BlockFlights.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BlockFlights = function (properties) {
            this.blocks = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BlockFlights TimeStamp.
         * @member {number} TimeStamp
         * @memberof dsp.BlockFlights
         * @instance
         */
        BlockFlights.prototype.TimeStamp = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * BlockFlights sessionId.
         * @member {string} sessionId
         * @memberof dsp.BlockFlights
         * @instance
         */
        BlockFlights.prototype.sessionId = "";

        /**
         * BlockFlights blocks.
         * @member {Array.<dsp.Block.$Properties>} blocks
         * @memberof dsp.BlockFlights
         * @instance
         */
        BlockFlights.prototype.blocks = $util.emptyArray;

        /**
         * BlockFlights payment.
         * @member {dsp.Payment.$Properties|null|undefined} payment
         * @memberof dsp.BlockFlights
         * @instance
         */
        BlockFlights.prototype.payment = null;

        /**
         * Creates a new BlockFlights instance using the specified properties.
         * @function create
         * @memberof dsp.BlockFlights
         * @static
         * @param {dsp.BlockFlights.$Properties=} [properties] Properties to set
         * @returns {dsp.BlockFlights} BlockFlights instance
         * @type {{
         *   (properties: dsp.BlockFlights.$Shape): dsp.BlockFlights & dsp.BlockFlights.$Shape;
         *   (properties?: dsp.BlockFlights.$Properties): dsp.BlockFlights;
         * }}
         */
        BlockFlights.create = function(properties) {
            return new BlockFlights(properties);
        };

        /**
         * Encodes the specified BlockFlights message. Does not implicitly {@link dsp.BlockFlights.verify|verify} messages.
         * @function encode
         * @memberof dsp.BlockFlights
         * @static
         * @param {dsp.BlockFlights.$Properties} message BlockFlights message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BlockFlights.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.TimeStamp != null && $Object.hasOwnProperty.call(message, "TimeStamp") && (typeof message.TimeStamp === "object" ? message.TimeStamp.low || message.TimeStamp.high : message.TimeStamp !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).int64(message.TimeStamp);
            if (message.sessionId != null && $Object.hasOwnProperty.call(message, "sessionId") && message.sessionId !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.sessionId);
            if (message.blocks != null && message.blocks.length)
                for (let i = 0; i < message.blocks.length; ++i)
                    $root.dsp.Block.encode(message.blocks[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.payment != null && $Object.hasOwnProperty.call(message, "payment"))
                $root.dsp.Payment.encode(message.payment, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BlockFlights message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.BlockFlights
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.BlockFlights & dsp.BlockFlights.$Shape} BlockFlights
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BlockFlights.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.BlockFlights();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                            message.TimeStamp = value;
                        else
                            delete message.TimeStamp;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sessionId = value;
                        else
                            delete message.sessionId;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.blocks && message.blocks.length))
                            message.blocks = [];
                        message.blocks.push($root.dsp.Block.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.payment = $root.dsp.Payment.decode(reader, reader.size(), $undefined, _depth + 1, message.payment);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for BlockFlights
         * @function getTypeUrl
         * @memberof dsp.BlockFlights
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        BlockFlights.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.BlockFlights";
        };

        return BlockFlights;
    })();

    dsp.ProgressInfo = (function() {

        /**
         * Properties of a ProgressInfo.
         * @typedef {Object} dsp.ProgressInfo.$Properties
         * @property {string|null} [nodeAddr] ProgressInfo nodeAddr
         * @property {number|null} [count] ProgressInfo count
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProgressInfo.
         * @memberof dsp
         * @interface IProgressInfo
         * @augments dsp.ProgressInfo.$Properties
         * @deprecated Use dsp.ProgressInfo.$Properties instead.
         */

        /**
         * Shape of a ProgressInfo.
         * @typedef {dsp.ProgressInfo.$Properties} dsp.ProgressInfo.$Shape
         */

        /**
         * Constructs a new ProgressInfo.
         * @memberof dsp
         * @classdesc Represents a ProgressInfo.
         * @constructor
         * @param {dsp.ProgressInfo.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProgressInfo = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProgressInfo nodeAddr.
         * @member {string} nodeAddr
         * @memberof dsp.ProgressInfo
         * @instance
         */
        ProgressInfo.prototype.nodeAddr = "";

        /**
         * ProgressInfo count.
         * @member {number} count
         * @memberof dsp.ProgressInfo
         * @instance
         */
        ProgressInfo.prototype.count = 0;

        /**
         * Creates a new ProgressInfo instance using the specified properties.
         * @function create
         * @memberof dsp.ProgressInfo
         * @static
         * @param {dsp.ProgressInfo.$Properties=} [properties] Properties to set
         * @returns {dsp.ProgressInfo} ProgressInfo instance
         * @type {{
         *   (properties: dsp.ProgressInfo.$Shape): dsp.ProgressInfo & dsp.ProgressInfo.$Shape;
         *   (properties?: dsp.ProgressInfo.$Properties): dsp.ProgressInfo;
         * }}
         */
        ProgressInfo.create = function(properties) {
            return new ProgressInfo(properties);
        };

        /**
         * Encodes the specified ProgressInfo message. Does not implicitly {@link dsp.ProgressInfo.verify|verify} messages.
         * @function encode
         * @memberof dsp.ProgressInfo
         * @static
         * @param {dsp.ProgressInfo.$Properties} message ProgressInfo message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProgressInfo.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.nodeAddr != null && $Object.hasOwnProperty.call(message, "nodeAddr") && message.nodeAddr !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.nodeAddr);
            if (message.count != null && $Object.hasOwnProperty.call(message, "count") && message.count !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.count);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ProgressInfo message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ProgressInfo
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ProgressInfo & dsp.ProgressInfo.$Shape} ProgressInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProgressInfo.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ProgressInfo();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.nodeAddr = value;
                        else
                            delete message.nodeAddr;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.count = value;
                        else
                            delete message.count;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ProgressInfo
         * @function getTypeUrl
         * @memberof dsp.ProgressInfo
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProgressInfo.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ProgressInfo";
        };

        return ProgressInfo;
    })();

    dsp.Progress = (function() {

        /**
         * Properties of a Progress.
         * @typedef {Object} dsp.Progress.$Properties
         * @property {string|null} [id] Progress id
         * @property {string|null} [hash] Progress hash
         * @property {number|null} [operation] Progress operation
         * @property {string|null} [sender] Progress sender
         * @property {Array.<dsp.ProgressInfo.$Properties>|null} [infos] Progress infos
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Progress.
         * @memberof dsp
         * @interface IProgress
         * @augments dsp.Progress.$Properties
         * @deprecated Use dsp.Progress.$Properties instead.
         */

        /**
         * Shape of a Progress.
         * @typedef {dsp.Progress.$Properties} dsp.Progress.$Shape
         */

        /**
         * Constructs a new Progress.
         * @memberof dsp
         * @classdesc Represents a Progress.
         * @constructor
         * @param {dsp.Progress.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Progress = function (properties) {
            this.infos = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Progress id.
         * @member {string} id
         * @memberof dsp.Progress
         * @instance
         */
        Progress.prototype.id = "";

        /**
         * Progress hash.
         * @member {string} hash
         * @memberof dsp.Progress
         * @instance
         */
        Progress.prototype.hash = "";

        /**
         * Progress operation.
         * @member {number} operation
         * @memberof dsp.Progress
         * @instance
         */
        Progress.prototype.operation = 0;

        /**
         * Progress sender.
         * @member {string} sender
         * @memberof dsp.Progress
         * @instance
         */
        Progress.prototype.sender = "";

        /**
         * Progress infos.
         * @member {Array.<dsp.ProgressInfo.$Properties>} infos
         * @memberof dsp.Progress
         * @instance
         */
        Progress.prototype.infos = $util.emptyArray;

        /**
         * Creates a new Progress instance using the specified properties.
         * @function create
         * @memberof dsp.Progress
         * @static
         * @param {dsp.Progress.$Properties=} [properties] Properties to set
         * @returns {dsp.Progress} Progress instance
         * @type {{
         *   (properties: dsp.Progress.$Shape): dsp.Progress & dsp.Progress.$Shape;
         *   (properties?: dsp.Progress.$Properties): dsp.Progress;
         * }}
         */
        Progress.create = function(properties) {
            return new Progress(properties);
        };

        /**
         * Encodes the specified Progress message. Does not implicitly {@link dsp.Progress.verify|verify} messages.
         * @function encode
         * @memberof dsp.Progress
         * @static
         * @param {dsp.Progress.$Properties} message Progress message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Progress.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
            if (message.hash != null && $Object.hasOwnProperty.call(message, "hash") && message.hash !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.hash);
            if (message.operation != null && $Object.hasOwnProperty.call(message, "operation") && message.operation !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.operation);
            if (message.sender != null && $Object.hasOwnProperty.call(message, "sender") && message.sender !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.sender);
            if (message.infos != null && message.infos.length)
                for (let i = 0; i < message.infos.length; ++i)
                    $root.dsp.ProgressInfo.encode(message.infos[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Progress message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Progress
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Progress & dsp.Progress.$Shape} Progress
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Progress.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Progress();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hash = value;
                        else
                            delete message.hash;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.operation = value;
                        else
                            delete message.operation;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sender = value;
                        else
                            delete message.sender;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.infos && message.infos.length))
                            message.infos = [];
                        message.infos.push($root.dsp.ProgressInfo.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Progress
         * @function getTypeUrl
         * @memberof dsp.Progress
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Progress.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Progress";
        };

        return Progress;
    })();

    dsp.Payment = (function() {

        /**
         * Properties of a Payment.
         * @typedef {Object} dsp.Payment.$Properties
         * @property {string|null} [channelId] Payment channelId
         * @property {string|null} [cumulativeAmount] Payment cumulativeAmount
         * @property {Uint8Array|null} [signature] Payment signature
         * @property {string|null} [payer] Payment payer
         * @property {string|null} [payee] Payment payee
         * @property {string|null} [unitPrice] Payment unitPrice
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Payment.
         * @memberof dsp
         * @interface IPayment
         * @augments dsp.Payment.$Properties
         * @deprecated Use dsp.Payment.$Properties instead.
         */

        /**
         * Shape of a Payment.
         * @typedef {dsp.Payment.$Properties} dsp.Payment.$Shape
         */

        /**
         * Constructs a new Payment.
         * @memberof dsp
         * @classdesc Represents a Payment.
         * @constructor
         * @param {dsp.Payment.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Payment = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Payment channelId.
         * @member {string} channelId
         * @memberof dsp.Payment
         * @instance
         */
        Payment.prototype.channelId = "";

        /**
         * Payment cumulativeAmount.
         * @member {string} cumulativeAmount
         * @memberof dsp.Payment
         * @instance
         */
        Payment.prototype.cumulativeAmount = "";

        /**
         * Payment signature.
         * @member {Uint8Array} signature
         * @memberof dsp.Payment
         * @instance
         */
        Payment.prototype.signature = $util.newBuffer([]);

        /**
         * Payment payer.
         * @member {string} payer
         * @memberof dsp.Payment
         * @instance
         */
        Payment.prototype.payer = "";

        /**
         * Payment payee.
         * @member {string} payee
         * @memberof dsp.Payment
         * @instance
         */
        Payment.prototype.payee = "";

        /**
         * Payment unitPrice.
         * @member {string} unitPrice
         * @memberof dsp.Payment
         * @instance
         */
        Payment.prototype.unitPrice = "";

        /**
         * Creates a new Payment instance using the specified properties.
         * @function create
         * @memberof dsp.Payment
         * @static
         * @param {dsp.Payment.$Properties=} [properties] Properties to set
         * @returns {dsp.Payment} Payment instance
         * @type {{
         *   (properties: dsp.Payment.$Shape): dsp.Payment & dsp.Payment.$Shape;
         *   (properties?: dsp.Payment.$Properties): dsp.Payment;
         * }}
         */
        Payment.create = function(properties) {
            return new Payment(properties);
        };

        /**
         * Encodes the specified Payment message. Does not implicitly {@link dsp.Payment.verify|verify} messages.
         * @function encode
         * @memberof dsp.Payment
         * @static
         * @param {dsp.Payment.$Properties} message Payment message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Payment.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.channelId != null && $Object.hasOwnProperty.call(message, "channelId") && message.channelId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.channelId);
            if (message.cumulativeAmount != null && $Object.hasOwnProperty.call(message, "cumulativeAmount") && message.cumulativeAmount !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.cumulativeAmount);
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.signature);
            if (message.payer != null && $Object.hasOwnProperty.call(message, "payer") && message.payer !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.payer);
            if (message.payee != null && $Object.hasOwnProperty.call(message, "payee") && message.payee !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.payee);
            if (message.unitPrice != null && $Object.hasOwnProperty.call(message, "unitPrice") && message.unitPrice !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.unitPrice);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Payment message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Payment
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Payment & dsp.Payment.$Shape} Payment
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Payment.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Payment();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.channelId = value;
                        else
                            delete message.channelId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.cumulativeAmount = value;
                        else
                            delete message.cumulativeAmount;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.signature = value;
                        else
                            delete message.signature;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.payer = value;
                        else
                            delete message.payer;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.payee = value;
                        else
                            delete message.payee;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.unitPrice = value;
                        else
                            delete message.unitPrice;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Payment
         * @function getTypeUrl
         * @memberof dsp.Payment
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Payment.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Payment";
        };

        return Payment;
    })();

    dsp.Torrent = (function() {

        /**
         * Properties of a Torrent.
         * @typedef {Object} dsp.Torrent.$Properties
         * @property {Uint8Array|null} [infoHash] Torrent infoHash
         * @property {number|null} [left] Torrent left
         * @property {Uint8Array|null} [peerinfo] Torrent peerinfo
         * @property {number|null} [type] Torrent type
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Torrent.
         * @memberof dsp
         * @interface ITorrent
         * @augments dsp.Torrent.$Properties
         * @deprecated Use dsp.Torrent.$Properties instead.
         */

        /**
         * Shape of a Torrent.
         * @typedef {dsp.Torrent.$Properties} dsp.Torrent.$Shape
         */

        /**
         * Constructs a new Torrent.
         * @memberof dsp
         * @classdesc Represents a Torrent.
         * @constructor
         * @param {dsp.Torrent.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Torrent = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Torrent infoHash.
         * @member {Uint8Array} infoHash
         * @memberof dsp.Torrent
         * @instance
         */
        Torrent.prototype.infoHash = $util.newBuffer([]);

        /**
         * Torrent left.
         * @member {number} left
         * @memberof dsp.Torrent
         * @instance
         */
        Torrent.prototype.left = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Torrent peerinfo.
         * @member {Uint8Array} peerinfo
         * @memberof dsp.Torrent
         * @instance
         */
        Torrent.prototype.peerinfo = $util.newBuffer([]);

        /**
         * Torrent type.
         * @member {number} type
         * @memberof dsp.Torrent
         * @instance
         */
        Torrent.prototype.type = 0;

        /**
         * Creates a new Torrent instance using the specified properties.
         * @function create
         * @memberof dsp.Torrent
         * @static
         * @param {dsp.Torrent.$Properties=} [properties] Properties to set
         * @returns {dsp.Torrent} Torrent instance
         * @type {{
         *   (properties: dsp.Torrent.$Shape): dsp.Torrent & dsp.Torrent.$Shape;
         *   (properties?: dsp.Torrent.$Properties): dsp.Torrent;
         * }}
         */
        Torrent.create = function(properties) {
            return new Torrent(properties);
        };

        /**
         * Encodes the specified Torrent message. Does not implicitly {@link dsp.Torrent.verify|verify} messages.
         * @function encode
         * @memberof dsp.Torrent
         * @static
         * @param {dsp.Torrent.$Properties} message Torrent message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Torrent.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.infoHash != null && $Object.hasOwnProperty.call(message, "infoHash") && message.infoHash.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.infoHash);
            if (message.left != null && $Object.hasOwnProperty.call(message, "left") && (typeof message.left === "object" ? message.left.low || message.left.high : message.left !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.left);
            if (message.peerinfo != null && $Object.hasOwnProperty.call(message, "peerinfo") && message.peerinfo.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.peerinfo);
            if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.type);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Torrent message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Torrent
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Torrent & dsp.Torrent.$Shape} Torrent
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Torrent.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Torrent();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.infoHash = value;
                        else
                            delete message.infoHash;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.left = value;
                        else
                            delete message.left;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.peerinfo = value;
                        else
                            delete message.peerinfo;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.type = value;
                        else
                            delete message.type;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Torrent
         * @function getTypeUrl
         * @memberof dsp.Torrent
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Torrent.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Torrent";
        };

        return Torrent;
    })();

    dsp.Endpoint = (function() {

        /**
         * Properties of an Endpoint.
         * @typedef {Object} dsp.Endpoint.$Properties
         * @property {string|null} [walletAddr] Endpoint walletAddr
         * @property {string|null} [hostPort] Endpoint hostPort
         * @property {number|null} [type] Endpoint type
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an Endpoint.
         * @memberof dsp
         * @interface IEndpoint
         * @augments dsp.Endpoint.$Properties
         * @deprecated Use dsp.Endpoint.$Properties instead.
         */

        /**
         * Shape of an Endpoint.
         * @typedef {dsp.Endpoint.$Properties} dsp.Endpoint.$Shape
         */

        /**
         * Constructs a new Endpoint.
         * @memberof dsp
         * @classdesc Represents an Endpoint.
         * @constructor
         * @param {dsp.Endpoint.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Endpoint = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Endpoint walletAddr.
         * @member {string} walletAddr
         * @memberof dsp.Endpoint
         * @instance
         */
        Endpoint.prototype.walletAddr = "";

        /**
         * Endpoint hostPort.
         * @member {string} hostPort
         * @memberof dsp.Endpoint
         * @instance
         */
        Endpoint.prototype.hostPort = "";

        /**
         * Endpoint type.
         * @member {number} type
         * @memberof dsp.Endpoint
         * @instance
         */
        Endpoint.prototype.type = 0;

        /**
         * Creates a new Endpoint instance using the specified properties.
         * @function create
         * @memberof dsp.Endpoint
         * @static
         * @param {dsp.Endpoint.$Properties=} [properties] Properties to set
         * @returns {dsp.Endpoint} Endpoint instance
         * @type {{
         *   (properties: dsp.Endpoint.$Shape): dsp.Endpoint & dsp.Endpoint.$Shape;
         *   (properties?: dsp.Endpoint.$Properties): dsp.Endpoint;
         * }}
         */
        Endpoint.create = function(properties) {
            return new Endpoint(properties);
        };

        /**
         * Encodes the specified Endpoint message. Does not implicitly {@link dsp.Endpoint.verify|verify} messages.
         * @function encode
         * @memberof dsp.Endpoint
         * @static
         * @param {dsp.Endpoint.$Properties} message Endpoint message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Endpoint.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.walletAddr != null && $Object.hasOwnProperty.call(message, "walletAddr") && message.walletAddr !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.walletAddr);
            if (message.hostPort != null && $Object.hasOwnProperty.call(message, "hostPort") && message.hostPort !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.hostPort);
            if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.type);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an Endpoint message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.Endpoint
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.Endpoint & dsp.Endpoint.$Shape} Endpoint
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Endpoint.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.Endpoint();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.walletAddr = value;
                        else
                            delete message.walletAddr;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostPort = value;
                        else
                            delete message.hostPort;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.type = value;
                        else
                            delete message.type;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Endpoint
         * @function getTypeUrl
         * @memberof dsp.Endpoint
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Endpoint.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.Endpoint";
        };

        return Endpoint;
    })();

    dsp.ScanHello = (function() {

        /**
         * Properties of a ScanHello.
         * @typedef {Object} dsp.ScanHello.$Properties
         * @property {number|null} [chainId] ScanHello chainId
         * @property {string|null} [registry] ScanHello registry
         * @property {Uint8Array|null} [nonce] ScanHello nonce
         * @property {Uint8Array|null} [echo] ScanHello echo
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScanHello.
         * @memberof dsp
         * @interface IScanHello
         * @augments dsp.ScanHello.$Properties
         * @deprecated Use dsp.ScanHello.$Properties instead.
         */

        /**
         * Shape of a ScanHello.
         * @typedef {dsp.ScanHello.$Properties} dsp.ScanHello.$Shape
         */

        /**
         * Constructs a new ScanHello.
         * @memberof dsp
         * @classdesc Represents a ScanHello.
         * @constructor
         * @param {dsp.ScanHello.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScanHello = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScanHello chainId.
         * @member {number} chainId
         * @memberof dsp.ScanHello
         * @instance
         */
        ScanHello.prototype.chainId = 0;

        /**
         * ScanHello registry.
         * @member {string} registry
         * @memberof dsp.ScanHello
         * @instance
         */
        ScanHello.prototype.registry = "";

        /**
         * ScanHello nonce.
         * @member {Uint8Array} nonce
         * @memberof dsp.ScanHello
         * @instance
         */
        ScanHello.prototype.nonce = $util.newBuffer([]);

        /**
         * ScanHello echo.
         * @member {Uint8Array} echo
         * @memberof dsp.ScanHello
         * @instance
         */
        ScanHello.prototype.echo = $util.newBuffer([]);

        /**
         * Creates a new ScanHello instance using the specified properties.
         * @function create
         * @memberof dsp.ScanHello
         * @static
         * @param {dsp.ScanHello.$Properties=} [properties] Properties to set
         * @returns {dsp.ScanHello} ScanHello instance
         * @type {{
         *   (properties: dsp.ScanHello.$Shape): dsp.ScanHello & dsp.ScanHello.$Shape;
         *   (properties?: dsp.ScanHello.$Properties): dsp.ScanHello;
         * }}
         */
        ScanHello.create = function(properties) {
            return new ScanHello(properties);
        };

        /**
         * Encodes the specified ScanHello message. Does not implicitly {@link dsp.ScanHello.verify|verify} messages.
         * @function encode
         * @memberof dsp.ScanHello
         * @static
         * @param {dsp.ScanHello.$Properties} message ScanHello message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScanHello.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.chainId != null && $Object.hasOwnProperty.call(message, "chainId") && message.chainId !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.chainId);
            if (message.registry != null && $Object.hasOwnProperty.call(message, "registry") && message.registry !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.registry);
            if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && message.nonce.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.nonce);
            if (message.echo != null && $Object.hasOwnProperty.call(message, "echo") && message.echo.length)
                writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.echo);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScanHello message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ScanHello
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ScanHello & dsp.ScanHello.$Shape} ScanHello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScanHello.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ScanHello();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.chainId = value;
                        else
                            delete message.chainId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.registry = value;
                        else
                            delete message.registry;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.nonce = value;
                        else
                            delete message.nonce;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.echo = value;
                        else
                            delete message.echo;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ScanHello
         * @function getTypeUrl
         * @memberof dsp.ScanHello
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScanHello.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ScanHello";
        };

        return ScanHello;
    })();

    dsp.ScanAnnouncement = (function() {

        /**
         * Properties of a ScanAnnouncement.
         * @typedef {Object} dsp.ScanAnnouncement.$Properties
         * @property {number|null} [chainId] ScanAnnouncement chainId
         * @property {Uint8Array|null} [publicKey] ScanAnnouncement publicKey
         * @property {string|null} [walletAddr] ScanAnnouncement walletAddr
         * @property {string|null} [hostAddr] ScanAnnouncement hostAddr
         * @property {number|null} [type] ScanAnnouncement type
         * @property {Array.<Uint8Array>|null} [fileHashes] ScanAnnouncement fileHashes
         * @property {number|null} [timestamp] ScanAnnouncement timestamp
         * @property {number|null} [ttl] ScanAnnouncement ttl
         * @property {Uint8Array|null} [signature] ScanAnnouncement signature
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScanAnnouncement.
         * @memberof dsp
         * @interface IScanAnnouncement
         * @augments dsp.ScanAnnouncement.$Properties
         * @deprecated Use dsp.ScanAnnouncement.$Properties instead.
         */

        /**
         * Shape of a ScanAnnouncement.
         * @typedef {dsp.ScanAnnouncement.$Properties} dsp.ScanAnnouncement.$Shape
         */

        /**
         * Constructs a new ScanAnnouncement.
         * @memberof dsp
         * @classdesc Represents a ScanAnnouncement.
         * @constructor
         * @param {dsp.ScanAnnouncement.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScanAnnouncement = function (properties) {
            this.fileHashes = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScanAnnouncement chainId.
         * @member {number} chainId
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.chainId = 0;

        /**
         * ScanAnnouncement publicKey.
         * @member {Uint8Array} publicKey
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.publicKey = $util.newBuffer([]);

        /**
         * ScanAnnouncement walletAddr.
         * @member {string} walletAddr
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.walletAddr = "";

        /**
         * ScanAnnouncement hostAddr.
         * @member {string} hostAddr
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.hostAddr = "";

        /**
         * ScanAnnouncement type.
         * @member {number} type
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.type = 0;

        /**
         * ScanAnnouncement fileHashes.
         * @member {Array.<Uint8Array>} fileHashes
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.fileHashes = $util.emptyArray;

        /**
         * ScanAnnouncement timestamp.
         * @member {number} timestamp
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ScanAnnouncement ttl.
         * @member {number} ttl
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.ttl = 0;

        /**
         * ScanAnnouncement signature.
         * @member {Uint8Array} signature
         * @memberof dsp.ScanAnnouncement
         * @instance
         */
        ScanAnnouncement.prototype.signature = $util.newBuffer([]);

        /**
         * Creates a new ScanAnnouncement instance using the specified properties.
         * @function create
         * @memberof dsp.ScanAnnouncement
         * @static
         * @param {dsp.ScanAnnouncement.$Properties=} [properties] Properties to set
         * @returns {dsp.ScanAnnouncement} ScanAnnouncement instance
         * @type {{
         *   (properties: dsp.ScanAnnouncement.$Shape): dsp.ScanAnnouncement & dsp.ScanAnnouncement.$Shape;
         *   (properties?: dsp.ScanAnnouncement.$Properties): dsp.ScanAnnouncement;
         * }}
         */
        ScanAnnouncement.create = function(properties) {
            return new ScanAnnouncement(properties);
        };

        /**
         * Encodes the specified ScanAnnouncement message. Does not implicitly {@link dsp.ScanAnnouncement.verify|verify} messages.
         * @function encode
         * @memberof dsp.ScanAnnouncement
         * @static
         * @param {dsp.ScanAnnouncement.$Properties} message ScanAnnouncement message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScanAnnouncement.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.chainId != null && $Object.hasOwnProperty.call(message, "chainId") && message.chainId !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.chainId);
            if (message.publicKey != null && $Object.hasOwnProperty.call(message, "publicKey") && message.publicKey.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.publicKey);
            if (message.walletAddr != null && $Object.hasOwnProperty.call(message, "walletAddr") && message.walletAddr !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.walletAddr);
            if (message.hostAddr != null && $Object.hasOwnProperty.call(message, "hostAddr") && message.hostAddr !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.hostAddr);
            if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.type);
            if (message.fileHashes != null && message.fileHashes.length)
                for (let i = 0; i < message.fileHashes.length; ++i)
                    writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.fileHashes[i]);
            if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp") && (typeof message.timestamp === "object" ? message.timestamp.low || message.timestamp.high : message.timestamp !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.timestamp);
            if (message.ttl != null && $Object.hasOwnProperty.call(message, "ttl") && message.ttl !== 0)
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.ttl);
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                writer.uint32(/* id 9, wireType 2 =*/74).bytes(message.signature);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScanAnnouncement message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ScanAnnouncement
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ScanAnnouncement & dsp.ScanAnnouncement.$Shape} ScanAnnouncement
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScanAnnouncement.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ScanAnnouncement();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.chainId = value;
                        else
                            delete message.chainId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.publicKey = value;
                        else
                            delete message.publicKey;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.walletAddr = value;
                        else
                            delete message.walletAddr;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostAddr = value;
                        else
                            delete message.hostAddr;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.type = value;
                        else
                            delete message.type;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.fileHashes && message.fileHashes.length))
                            message.fileHashes = [];
                        message.fileHashes.push(reader.bytes());
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.timestamp = value;
                        else
                            delete message.timestamp;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.ttl = value;
                        else
                            delete message.ttl;
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.signature = value;
                        else
                            delete message.signature;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ScanAnnouncement
         * @function getTypeUrl
         * @memberof dsp.ScanAnnouncement
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScanAnnouncement.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ScanAnnouncement";
        };

        return ScanAnnouncement;
    })();

    dsp.ScanPush = (function() {

        /**
         * Properties of a ScanPush.
         * @typedef {Object} dsp.ScanPush.$Properties
         * @property {Array.<dsp.ScanAnnouncement.$Properties>|null} [announcements] ScanPush announcements
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScanPush.
         * @memberof dsp
         * @interface IScanPush
         * @augments dsp.ScanPush.$Properties
         * @deprecated Use dsp.ScanPush.$Properties instead.
         */

        /**
         * Shape of a ScanPush.
         * @typedef {dsp.ScanPush.$Properties} dsp.ScanPush.$Shape
         */

        /**
         * Constructs a new ScanPush.
         * @memberof dsp
         * @classdesc Represents a ScanPush.
         * @constructor
         * @param {dsp.ScanPush.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScanPush = function (properties) {
            this.announcements = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScanPush announcements.
         * @member {Array.<dsp.ScanAnnouncement.$Properties>} announcements
         * @memberof dsp.ScanPush
         * @instance
         */
        ScanPush.prototype.announcements = $util.emptyArray;

        /**
         * Creates a new ScanPush instance using the specified properties.
         * @function create
         * @memberof dsp.ScanPush
         * @static
         * @param {dsp.ScanPush.$Properties=} [properties] Properties to set
         * @returns {dsp.ScanPush} ScanPush instance
         * @type {{
         *   (properties: dsp.ScanPush.$Shape): dsp.ScanPush & dsp.ScanPush.$Shape;
         *   (properties?: dsp.ScanPush.$Properties): dsp.ScanPush;
         * }}
         */
        ScanPush.create = function(properties) {
            return new ScanPush(properties);
        };

        /**
         * Encodes the specified ScanPush message. Does not implicitly {@link dsp.ScanPush.verify|verify} messages.
         * @function encode
         * @memberof dsp.ScanPush
         * @static
         * @param {dsp.ScanPush.$Properties} message ScanPush message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScanPush.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.announcements != null && message.announcements.length)
                for (let i = 0; i < message.announcements.length; ++i)
                    $root.dsp.ScanAnnouncement.encode(message.announcements[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScanPush message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ScanPush
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ScanPush & dsp.ScanPush.$Shape} ScanPush
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScanPush.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ScanPush();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.announcements && message.announcements.length))
                            message.announcements = [];
                        message.announcements.push($root.dsp.ScanAnnouncement.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ScanPush
         * @function getTypeUrl
         * @memberof dsp.ScanPush
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScanPush.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ScanPush";
        };

        return ScanPush;
    })();

    dsp.ScanPushResult = (function() {

        /**
         * Properties of a ScanPushResult.
         * @typedef {Object} dsp.ScanPushResult.$Properties
         * @property {number|null} [accepted] ScanPushResult accepted
         * @property {number|null} [known] ScanPushResult known
         * @property {number|null} [pending] ScanPushResult pending
         * @property {number|null} [rejected] ScanPushResult rejected
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScanPushResult.
         * @memberof dsp
         * @interface IScanPushResult
         * @augments dsp.ScanPushResult.$Properties
         * @deprecated Use dsp.ScanPushResult.$Properties instead.
         */

        /**
         * Shape of a ScanPushResult.
         * @typedef {dsp.ScanPushResult.$Properties} dsp.ScanPushResult.$Shape
         */

        /**
         * Constructs a new ScanPushResult.
         * @memberof dsp
         * @classdesc Represents a ScanPushResult.
         * @constructor
         * @param {dsp.ScanPushResult.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScanPushResult = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScanPushResult accepted.
         * @member {number} accepted
         * @memberof dsp.ScanPushResult
         * @instance
         */
        ScanPushResult.prototype.accepted = 0;

        /**
         * ScanPushResult known.
         * @member {number} known
         * @memberof dsp.ScanPushResult
         * @instance
         */
        ScanPushResult.prototype.known = 0;

        /**
         * ScanPushResult pending.
         * @member {number} pending
         * @memberof dsp.ScanPushResult
         * @instance
         */
        ScanPushResult.prototype.pending = 0;

        /**
         * ScanPushResult rejected.
         * @member {number} rejected
         * @memberof dsp.ScanPushResult
         * @instance
         */
        ScanPushResult.prototype.rejected = 0;

        /**
         * Creates a new ScanPushResult instance using the specified properties.
         * @function create
         * @memberof dsp.ScanPushResult
         * @static
         * @param {dsp.ScanPushResult.$Properties=} [properties] Properties to set
         * @returns {dsp.ScanPushResult} ScanPushResult instance
         * @type {{
         *   (properties: dsp.ScanPushResult.$Shape): dsp.ScanPushResult & dsp.ScanPushResult.$Shape;
         *   (properties?: dsp.ScanPushResult.$Properties): dsp.ScanPushResult;
         * }}
         */
        ScanPushResult.create = function(properties) {
            return new ScanPushResult(properties);
        };

        /**
         * Encodes the specified ScanPushResult message. Does not implicitly {@link dsp.ScanPushResult.verify|verify} messages.
         * @function encode
         * @memberof dsp.ScanPushResult
         * @static
         * @param {dsp.ScanPushResult.$Properties} message ScanPushResult message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScanPushResult.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted") && message.accepted !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.accepted);
            if (message.known != null && $Object.hasOwnProperty.call(message, "known") && message.known !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.known);
            if (message.pending != null && $Object.hasOwnProperty.call(message, "pending") && message.pending !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.pending);
            if (message.rejected != null && $Object.hasOwnProperty.call(message, "rejected") && message.rejected !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.rejected);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScanPushResult message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ScanPushResult
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ScanPushResult & dsp.ScanPushResult.$Shape} ScanPushResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScanPushResult.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ScanPushResult();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.accepted = value;
                        else
                            delete message.accepted;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.known = value;
                        else
                            delete message.known;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.pending = value;
                        else
                            delete message.pending;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.rejected = value;
                        else
                            delete message.rejected;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ScanPushResult
         * @function getTypeUrl
         * @memberof dsp.ScanPushResult
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScanPushResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ScanPushResult";
        };

        return ScanPushResult;
    })();

    dsp.ScanPull = (function() {

        /**
         * Properties of a ScanPull.
         * @typedef {Object} dsp.ScanPull.$Properties
         * @property {string|null} [after] ScanPull after
         * @property {number|null} [first] ScanPull first
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScanPull.
         * @memberof dsp
         * @interface IScanPull
         * @augments dsp.ScanPull.$Properties
         * @deprecated Use dsp.ScanPull.$Properties instead.
         */

        /**
         * Shape of a ScanPull.
         * @typedef {dsp.ScanPull.$Properties} dsp.ScanPull.$Shape
         */

        /**
         * Constructs a new ScanPull.
         * @memberof dsp
         * @classdesc Represents a ScanPull.
         * @constructor
         * @param {dsp.ScanPull.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScanPull = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScanPull after.
         * @member {string} after
         * @memberof dsp.ScanPull
         * @instance
         */
        ScanPull.prototype.after = "";

        /**
         * ScanPull first.
         * @member {number} first
         * @memberof dsp.ScanPull
         * @instance
         */
        ScanPull.prototype.first = 0;

        /**
         * Creates a new ScanPull instance using the specified properties.
         * @function create
         * @memberof dsp.ScanPull
         * @static
         * @param {dsp.ScanPull.$Properties=} [properties] Properties to set
         * @returns {dsp.ScanPull} ScanPull instance
         * @type {{
         *   (properties: dsp.ScanPull.$Shape): dsp.ScanPull & dsp.ScanPull.$Shape;
         *   (properties?: dsp.ScanPull.$Properties): dsp.ScanPull;
         * }}
         */
        ScanPull.create = function(properties) {
            return new ScanPull(properties);
        };

        /**
         * Encodes the specified ScanPull message. Does not implicitly {@link dsp.ScanPull.verify|verify} messages.
         * @function encode
         * @memberof dsp.ScanPull
         * @static
         * @param {dsp.ScanPull.$Properties} message ScanPull message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScanPull.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.after != null && $Object.hasOwnProperty.call(message, "after") && message.after !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.after);
            if (message.first != null && $Object.hasOwnProperty.call(message, "first") && message.first !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.first);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScanPull message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ScanPull
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ScanPull & dsp.ScanPull.$Shape} ScanPull
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScanPull.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ScanPull();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.after = value;
                        else
                            delete message.after;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.first = value;
                        else
                            delete message.first;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ScanPull
         * @function getTypeUrl
         * @memberof dsp.ScanPull
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScanPull.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ScanPull";
        };

        return ScanPull;
    })();

    dsp.ScanPage = (function() {

        /**
         * Properties of a ScanPage.
         * @typedef {Object} dsp.ScanPage.$Properties
         * @property {Array.<dsp.ScanAnnouncement.$Properties>|null} [announcements] ScanPage announcements
         * @property {boolean|null} [hasMore] ScanPage hasMore
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScanPage.
         * @memberof dsp
         * @interface IScanPage
         * @augments dsp.ScanPage.$Properties
         * @deprecated Use dsp.ScanPage.$Properties instead.
         */

        /**
         * Shape of a ScanPage.
         * @typedef {dsp.ScanPage.$Properties} dsp.ScanPage.$Shape
         */

        /**
         * Constructs a new ScanPage.
         * @memberof dsp
         * @classdesc Represents a ScanPage.
         * @constructor
         * @param {dsp.ScanPage.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScanPage = function (properties) {
            this.announcements = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScanPage announcements.
         * @member {Array.<dsp.ScanAnnouncement.$Properties>} announcements
         * @memberof dsp.ScanPage
         * @instance
         */
        ScanPage.prototype.announcements = $util.emptyArray;

        /**
         * ScanPage hasMore.
         * @member {boolean} hasMore
         * @memberof dsp.ScanPage
         * @instance
         */
        ScanPage.prototype.hasMore = false;

        /**
         * Creates a new ScanPage instance using the specified properties.
         * @function create
         * @memberof dsp.ScanPage
         * @static
         * @param {dsp.ScanPage.$Properties=} [properties] Properties to set
         * @returns {dsp.ScanPage} ScanPage instance
         * @type {{
         *   (properties: dsp.ScanPage.$Shape): dsp.ScanPage & dsp.ScanPage.$Shape;
         *   (properties?: dsp.ScanPage.$Properties): dsp.ScanPage;
         * }}
         */
        ScanPage.create = function(properties) {
            return new ScanPage(properties);
        };

        /**
         * Encodes the specified ScanPage message. Does not implicitly {@link dsp.ScanPage.verify|verify} messages.
         * @function encode
         * @memberof dsp.ScanPage
         * @static
         * @param {dsp.ScanPage.$Properties} message ScanPage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScanPage.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.announcements != null && message.announcements.length)
                for (let i = 0; i < message.announcements.length; ++i)
                    $root.dsp.ScanAnnouncement.encode(message.announcements[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.hasMore != null && $Object.hasOwnProperty.call(message, "hasMore") && message.hasMore !== false)
                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.hasMore);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScanPage message from the specified reader or buffer.
         * @function decode
         * @memberof dsp.ScanPage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dsp.ScanPage & dsp.ScanPage.$Shape} ScanPage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScanPage.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dsp.ScanPage();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.announcements && message.announcements.length))
                            message.announcements = [];
                        message.announcements.push($root.dsp.ScanAnnouncement.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.hasMore = value;
                        else
                            delete message.hasMore;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ScanPage
         * @function getTypeUrl
         * @memberof dsp.ScanPage
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScanPage.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dsp.ScanPage";
        };

        return ScanPage;
    })();

    return dsp;
})();

export {
  $root as default
};
