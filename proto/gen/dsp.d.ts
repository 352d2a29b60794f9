import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace dsp. */
export namespace dsp {

    /**
     * Properties of a Message.
     * @deprecated Use dsp.Message.$Properties instead.
     */
    interface IMessage extends dsp.Message.$Properties {
    }

    /** Represents a Message. */
    class Message {

        /**
         * Constructs a new Message.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Message.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Message message. */
        message: Uint8Array;

        /** Message sender. */
        sender?: (dsp.ID.$Properties|null);

        /** Message signature. */
        signature: Uint8Array;

        /** Message requestNonce. */
        requestNonce: number;

        /** Message messageNonce. */
        messageNonce: number;

        /** Message replyFlag. */
        replyFlag: boolean;

        /** Message opcode. */
        opcode: number;

        /** Message netID. */
        netID: number;

        /** Message MessageID. */
        MessageID: string;

        /** Message needAck. */
        needAck: boolean;

        /**
         * Creates a new Message instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Message instance
         */
        static create(properties: dsp.Message.$Shape): dsp.Message & dsp.Message.$Shape;
        static create(properties?: dsp.Message.$Properties): dsp.Message;

        /**
         * Encodes the specified Message message. Does not implicitly {@link dsp.Message.verify|verify} messages.
         * @param message Message message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Message.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Message message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Message & dsp.Message.$Shape} Message
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Message & dsp.Message.$Shape;

        /**
         * Gets the type url for Message
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Message {

        /** Properties of a Message. */
        interface $Properties {

            /** Message message */
            message?: (Uint8Array|null);

            /** Message sender */
            sender?: (dsp.ID.$Properties|null);

            /** Message signature */
            signature?: (Uint8Array|null);

            /** Message requestNonce */
            requestNonce?: (number|null);

            /** Message messageNonce */
            messageNonce?: (number|null);

            /** Message replyFlag */
            replyFlag?: (boolean|null);

            /** Message opcode */
            opcode?: (number|null);

            /** Message netID */
            netID?: (number|null);

            /** Message MessageID */
            MessageID?: (string|null);

            /** Message needAck */
            needAck?: (boolean|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Message. */
        type $Shape = dsp.Message.$Properties;
    }

    /**
     * Properties of a ID.
     * @deprecated Use dsp.ID.$Properties instead.
     */
    interface IID extends dsp.ID.$Properties {
    }

    /** Represents a ID. */
    class ID {

        /**
         * Constructs a new ID.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ID.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ID netKey. */
        netKey: Uint8Array;

        /** ID address. */
        address: string;

        /** ID id. */
        id: Uint8Array;

        /** ID connectionId. */
        connectionId: Uint8Array;

        /** ID scheme. */
        scheme: number;

        /**
         * Creates a new ID instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ID instance
         */
        static create(properties: dsp.ID.$Shape): dsp.ID & dsp.ID.$Shape;
        static create(properties?: dsp.ID.$Properties): dsp.ID;

        /**
         * Encodes the specified ID message. Does not implicitly {@link dsp.ID.verify|verify} messages.
         * @param message ID message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ID.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ID message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ID & dsp.ID.$Shape} ID
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ID & dsp.ID.$Shape;

        /**
         * Gets the type url for ID
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ID {

        /** Properties of a ID. */
        interface $Properties {

            /** ID netKey */
            netKey?: (Uint8Array|null);

            /** ID address */
            address?: (string|null);

            /** ID id */
            id?: (Uint8Array|null);

            /** ID connectionId */
            connectionId?: (Uint8Array|null);

            /** ID scheme */
            scheme?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ID. */
        type $Shape = dsp.ID.$Properties;
    }

    /**
     * Properties of a Bytes.
     * @deprecated Use dsp.Bytes.$Properties instead.
     */
    interface IBytes extends dsp.Bytes.$Properties {
    }

    /** Represents a Bytes. */
    class Bytes {

        /**
         * Constructs a new Bytes.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Bytes.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Bytes data. */
        data: Uint8Array;

        /**
         * Creates a new Bytes instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Bytes instance
         */
        static create(properties: dsp.Bytes.$Shape): dsp.Bytes & dsp.Bytes.$Shape;
        static create(properties?: dsp.Bytes.$Properties): dsp.Bytes;

        /**
         * Encodes the specified Bytes message. Does not implicitly {@link dsp.Bytes.verify|verify} messages.
         * @param message Bytes message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Bytes.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Bytes message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Bytes & dsp.Bytes.$Shape} Bytes
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Bytes & dsp.Bytes.$Shape;

        /**
         * Gets the type url for Bytes
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Bytes {

        /** Properties of a Bytes. */
        interface $Properties {

            /** Bytes data */
            data?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Bytes. */
        type $Shape = dsp.Bytes.$Properties;
    }

    /**
     * Properties of a Keepalive.
     * @deprecated Use dsp.Keepalive.$Properties instead.
     */
    interface IKeepalive extends dsp.Keepalive.$Properties {
    }

    /** Represents a Keepalive. */
    class Keepalive {

        /**
         * Constructs a new Keepalive.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Keepalive.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /**
         * Creates a new Keepalive instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Keepalive instance
         */
        static create(properties: dsp.Keepalive.$Shape): dsp.Keepalive & dsp.Keepalive.$Shape;
        static create(properties?: dsp.Keepalive.$Properties): dsp.Keepalive;

        /**
         * Encodes the specified Keepalive message. Does not implicitly {@link dsp.Keepalive.verify|verify} messages.
         * @param message Keepalive message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Keepalive.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Keepalive message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Keepalive & dsp.Keepalive.$Shape} Keepalive
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Keepalive & dsp.Keepalive.$Shape;

        /**
         * Gets the type url for Keepalive
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Keepalive {

        /** Properties of a Keepalive. */
        interface $Properties {

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Keepalive. */
        type $Shape = dsp.Keepalive.$Properties;
    }

    /**
     * Properties of a KeepaliveResponse.
     * @deprecated Use dsp.KeepaliveResponse.$Properties instead.
     */
    interface IKeepaliveResponse extends dsp.KeepaliveResponse.$Properties {
    }

    /** Represents a KeepaliveResponse. */
    class KeepaliveResponse {

        /**
         * Constructs a new KeepaliveResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.KeepaliveResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /**
         * Creates a new KeepaliveResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns KeepaliveResponse instance
         */
        static create(properties: dsp.KeepaliveResponse.$Shape): dsp.KeepaliveResponse & dsp.KeepaliveResponse.$Shape;
        static create(properties?: dsp.KeepaliveResponse.$Properties): dsp.KeepaliveResponse;

        /**
         * Encodes the specified KeepaliveResponse message. Does not implicitly {@link dsp.KeepaliveResponse.verify|verify} messages.
         * @param message KeepaliveResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.KeepaliveResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a KeepaliveResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.KeepaliveResponse & dsp.KeepaliveResponse.$Shape} KeepaliveResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.KeepaliveResponse & dsp.KeepaliveResponse.$Shape;

        /**
         * Gets the type url for KeepaliveResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace KeepaliveResponse {

        /** Properties of a KeepaliveResponse. */
        interface $Properties {

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a KeepaliveResponse. */
        type $Shape = dsp.KeepaliveResponse.$Properties;
    }

    /**
     * Properties of a Ping.
     * @deprecated Use dsp.Ping.$Properties instead.
     */
    interface IPing extends dsp.Ping.$Properties {
    }

    /** Represents a Ping. */
    class Ping {

        /**
         * Constructs a new Ping.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Ping.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Ping timestamp. */
        timestamp: number;

        /**
         * Creates a new Ping instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Ping instance
         */
        static create(properties: dsp.Ping.$Shape): dsp.Ping & dsp.Ping.$Shape;
        static create(properties?: dsp.Ping.$Properties): dsp.Ping;

        /**
         * Encodes the specified Ping message. Does not implicitly {@link dsp.Ping.verify|verify} messages.
         * @param message Ping message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Ping.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Ping message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Ping & dsp.Ping.$Shape} Ping
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Ping & dsp.Ping.$Shape;

        /**
         * Gets the type url for Ping
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Ping {

        /** Properties of a Ping. */
        interface $Properties {

            /** Ping timestamp */
            timestamp?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Ping. */
        type $Shape = dsp.Ping.$Properties;
    }

    /**
     * Properties of a Pong.
     * @deprecated Use dsp.Pong.$Properties instead.
     */
    interface IPong extends dsp.Pong.$Properties {
    }

    /** Represents a Pong. */
    class Pong {

        /**
         * Constructs a new Pong.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Pong.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Pong timestamp. */
        timestamp: number;

        /**
         * Creates a new Pong instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Pong instance
         */
        static create(properties: dsp.Pong.$Shape): dsp.Pong & dsp.Pong.$Shape;
        static create(properties?: dsp.Pong.$Properties): dsp.Pong;

        /**
         * Encodes the specified Pong message. Does not implicitly {@link dsp.Pong.verify|verify} messages.
         * @param message Pong message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Pong.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Pong message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Pong & dsp.Pong.$Shape} Pong
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Pong & dsp.Pong.$Shape;

        /**
         * Gets the type url for Pong
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Pong {

        /** Properties of a Pong. */
        interface $Properties {

            /** Pong timestamp */
            timestamp?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Pong. */
        type $Shape = dsp.Pong.$Properties;
    }

    /**
     * Properties of a Disconnect.
     * @deprecated Use dsp.Disconnect.$Properties instead.
     */
    interface IDisconnect extends dsp.Disconnect.$Properties {
    }

    /** Represents a Disconnect. */
    class Disconnect {

        /**
         * Constructs a new Disconnect.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Disconnect.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Disconnect reason. */
        reason: string;

        /**
         * Creates a new Disconnect instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Disconnect instance
         */
        static create(properties: dsp.Disconnect.$Shape): dsp.Disconnect & dsp.Disconnect.$Shape;
        static create(properties?: dsp.Disconnect.$Properties): dsp.Disconnect;

        /**
         * Encodes the specified Disconnect message. Does not implicitly {@link dsp.Disconnect.verify|verify} messages.
         * @param message Disconnect message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Disconnect.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Disconnect message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Disconnect & dsp.Disconnect.$Shape} Disconnect
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Disconnect & dsp.Disconnect.$Shape;

        /**
         * Gets the type url for Disconnect
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Disconnect {

        /** Properties of a Disconnect. */
        interface $Properties {

            /** Disconnect reason */
            reason?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Disconnect. */
        type $Shape = dsp.Disconnect.$Properties;
    }

    /**
     * Properties of an AckResponse.
     * @deprecated Use dsp.AckResponse.$Properties instead.
     */
    interface IAckResponse extends dsp.AckResponse.$Properties {
    }

    /** Represents an AckResponse. */
    class AckResponse {

        /**
         * Constructs a new AckResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.AckResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** AckResponse MessageID. */
        MessageID: string;

        /** AckResponse code. */
        code: number;

        /** AckResponse reason. */
        reason: string;

        /**
         * Creates a new AckResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns AckResponse instance
         */
        static create(properties: dsp.AckResponse.$Shape): dsp.AckResponse & dsp.AckResponse.$Shape;
        static create(properties?: dsp.AckResponse.$Properties): dsp.AckResponse;

        /**
         * Encodes the specified AckResponse message. Does not implicitly {@link dsp.AckResponse.verify|verify} messages.
         * @param message AckResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.AckResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an AckResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.AckResponse & dsp.AckResponse.$Shape} AckResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.AckResponse & dsp.AckResponse.$Shape;

        /**
         * Gets the type url for AckResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace AckResponse {

        /** Properties of an AckResponse. */
        interface $Properties {

            /** AckResponse MessageID */
            MessageID?: (string|null);

            /** AckResponse code */
            code?: (number|null);

            /** AckResponse reason */
            reason?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an AckResponse. */
        type $Shape = dsp.AckResponse.$Properties;
    }

    /**
     * Properties of a ProxyRequest.
     * @deprecated Use dsp.ProxyRequest.$Properties instead.
     */
    interface IProxyRequest extends dsp.ProxyRequest.$Properties {
    }

    /** Represents a ProxyRequest. */
    class ProxyRequest {

        /**
         * Constructs a new ProxyRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ProxyRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ProxyRequest originAddress. */
        originAddress: string;

        /** ProxyRequest proxyAddress. */
        proxyAddress: string;

        /**
         * Creates a new ProxyRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ProxyRequest instance
         */
        static create(properties: dsp.ProxyRequest.$Shape): dsp.ProxyRequest & dsp.ProxyRequest.$Shape;
        static create(properties?: dsp.ProxyRequest.$Properties): dsp.ProxyRequest;

        /**
         * Encodes the specified ProxyRequest message. Does not implicitly {@link dsp.ProxyRequest.verify|verify} messages.
         * @param message ProxyRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ProxyRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ProxyRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ProxyRequest & dsp.ProxyRequest.$Shape} ProxyRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ProxyRequest & dsp.ProxyRequest.$Shape;

        /**
         * Gets the type url for ProxyRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProxyRequest {

        /** Properties of a ProxyRequest. */
        interface $Properties {

            /** ProxyRequest originAddress */
            originAddress?: (string|null);

            /** ProxyRequest proxyAddress */
            proxyAddress?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ProxyRequest. */
        type $Shape = dsp.ProxyRequest.$Properties;
    }

    /**
     * Properties of a ProxyResponse.
     * @deprecated Use dsp.ProxyResponse.$Properties instead.
     */
    interface IProxyResponse extends dsp.ProxyResponse.$Properties {
    }

    /** Represents a ProxyResponse. */
    class ProxyResponse {

        /**
         * Constructs a new ProxyResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ProxyResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ProxyResponse originAddress. */
        originAddress: string;

        /** ProxyResponse proxyAddress. */
        proxyAddress: string;

        /** ProxyResponse code. */
        code: number;

        /**
         * Creates a new ProxyResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ProxyResponse instance
         */
        static create(properties: dsp.ProxyResponse.$Shape): dsp.ProxyResponse & dsp.ProxyResponse.$Shape;
        static create(properties?: dsp.ProxyResponse.$Properties): dsp.ProxyResponse;

        /**
         * Encodes the specified ProxyResponse message. Does not implicitly {@link dsp.ProxyResponse.verify|verify} messages.
         * @param message ProxyResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ProxyResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ProxyResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ProxyResponse & dsp.ProxyResponse.$Shape} ProxyResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ProxyResponse & dsp.ProxyResponse.$Shape;

        /**
         * Gets the type url for ProxyResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProxyResponse {

        /** Properties of a ProxyResponse. */
        interface $Properties {

            /** ProxyResponse originAddress */
            originAddress?: (string|null);

            /** ProxyResponse proxyAddress */
            proxyAddress?: (string|null);

            /** ProxyResponse code */
            code?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ProxyResponse. */
        type $Shape = dsp.ProxyResponse.$Properties;
    }

    /**
     * Properties of a Tx.
     * @deprecated Use dsp.Tx.$Properties instead.
     */
    interface ITx extends dsp.Tx.$Properties {
    }

    /** Represents a Tx. */
    class Tx {

        /**
         * Constructs a new Tx.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Tx.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Tx hash. */
        hash: Uint8Array;

        /** Tx height. */
        height: number;

        /**
         * Creates a new Tx instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Tx instance
         */
        static create(properties: dsp.Tx.$Shape): dsp.Tx & dsp.Tx.$Shape;
        static create(properties?: dsp.Tx.$Properties): dsp.Tx;

        /**
         * Encodes the specified Tx message. Does not implicitly {@link dsp.Tx.verify|verify} messages.
         * @param message Tx message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Tx.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Tx message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Tx & dsp.Tx.$Shape} Tx
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Tx & dsp.Tx.$Shape;

        /**
         * Gets the type url for Tx
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Tx {

        /** Properties of a Tx. */
        interface $Properties {

            /** Tx hash */
            hash?: (Uint8Array|null);

            /** Tx height */
            height?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Tx. */
        type $Shape = dsp.Tx.$Properties;
    }

    /**
     * Properties of a Breakpoint.
     * @deprecated Use dsp.Breakpoint.$Properties instead.
     */
    interface IBreakpoint extends dsp.Breakpoint.$Properties {
    }

    /** Represents a Breakpoint. */
    class Breakpoint {

        /**
         * Constructs a new Breakpoint.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Breakpoint.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Breakpoint hash. */
        hash: string;

        /** Breakpoint index. */
        index: number;

        /**
         * Creates a new Breakpoint instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Breakpoint instance
         */
        static create(properties: dsp.Breakpoint.$Shape): dsp.Breakpoint & dsp.Breakpoint.$Shape;
        static create(properties?: dsp.Breakpoint.$Properties): dsp.Breakpoint;

        /**
         * Encodes the specified Breakpoint message. Does not implicitly {@link dsp.Breakpoint.verify|verify} messages.
         * @param message Breakpoint message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Breakpoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Breakpoint message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Breakpoint & dsp.Breakpoint.$Shape} Breakpoint
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Breakpoint & dsp.Breakpoint.$Shape;

        /**
         * Gets the type url for Breakpoint
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Breakpoint {

        /** Properties of a Breakpoint. */
        interface $Properties {

            /** Breakpoint hash */
            hash?: (string|null);

            /** Breakpoint index */
            index?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Breakpoint. */
        type $Shape = dsp.Breakpoint.$Properties;
    }

    /**
     * Properties of a Chain.
     * @deprecated Use dsp.Chain.$Properties instead.
     */
    interface IChain extends dsp.Chain.$Properties {
    }

    /** Represents a Chain. */
    class Chain {

        /**
         * Constructs a new Chain.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Chain.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Chain type. */
        type: number;

        /** Chain height. */
        height: number;

        /**
         * Creates a new Chain instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Chain instance
         */
        static create(properties: dsp.Chain.$Shape): dsp.Chain & dsp.Chain.$Shape;
        static create(properties?: dsp.Chain.$Properties): dsp.Chain;

        /**
         * Encodes the specified Chain message. Does not implicitly {@link dsp.Chain.verify|verify} messages.
         * @param message Chain message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Chain.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Chain message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Chain & dsp.Chain.$Shape} Chain
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Chain & dsp.Chain.$Shape;

        /**
         * Gets the type url for Chain
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Chain {

        /** Properties of a Chain. */
        interface $Properties {

            /** Chain type */
            type?: (number|null);

            /** Chain height */
            height?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Chain. */
        type $Shape = dsp.Chain.$Properties;
    }

    /**
     * Properties of a File.
     * @deprecated Use dsp.File.$Properties instead.
     */
    interface IFile extends dsp.File.$Properties {
    }

    /** Represents a File. */
    class File {

        /**
         * Constructs a new File.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.File.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** File sessionId. */
        sessionId: string;

        /** File hash. */
        hash: string;

        /** File blockHashes. */
        blockHashes: string[];

        /** File operation. */
        operation: number;

        /** File prefix. */
        prefix: Uint8Array;

        /** File chunkSize. */
        chunkSize: number;

        /** File payInfo. */
        payInfo?: (dsp.Payment.$Properties|null);

        /** File tx. */
        tx?: (dsp.Tx.$Properties|null);

        /** File breakpoint. */
        breakpoint?: (dsp.Breakpoint.$Properties|null);

        /** File totalBlockCount. */
        totalBlockCount: number;

        /** File chainInfo. */
        chainInfo?: (dsp.Chain.$Properties|null);

        /** File blocksRoot. */
        blocksRoot: string;

        /**
         * Creates a new File instance using the specified properties.
         * @param [properties] Properties to set
         * @returns File instance
         */
        static create(properties: dsp.File.$Shape): dsp.File & dsp.File.$Shape;
        static create(properties?: dsp.File.$Properties): dsp.File;

        /**
         * Encodes the specified File message. Does not implicitly {@link dsp.File.verify|verify} messages.
         * @param message File message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.File.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a File message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.File & dsp.File.$Shape} File
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.File & dsp.File.$Shape;

        /**
         * Gets the type url for File
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace File {

        /** Properties of a File. */
        interface $Properties {

            /** File sessionId */
            sessionId?: (string|null);

            /** File hash */
            hash?: (string|null);

            /** File blockHashes */
            blockHashes?: (string[]|null);

            /** File operation */
            operation?: (number|null);

            /** File prefix */
            prefix?: (Uint8Array|null);

            /** File chunkSize */
            chunkSize?: (number|null);

            /** File payInfo */
            payInfo?: (dsp.Payment.$Properties|null);

            /** File tx */
            tx?: (dsp.Tx.$Properties|null);

            /** File breakpoint */
            breakpoint?: (dsp.Breakpoint.$Properties|null);

            /** File totalBlockCount */
            totalBlockCount?: (number|null);

            /** File chainInfo */
            chainInfo?: (dsp.Chain.$Properties|null);

            /** File blocksRoot */
            blocksRoot?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a File. */
        type $Shape = dsp.File.$Properties;
    }

    /**
     * Properties of a Block.
     * @deprecated Use dsp.Block.$Properties instead.
     */
    interface IBlock extends dsp.Block.$Properties {
    }

    /** Represents a Block. */
    class Block {

        /**
         * Constructs a new Block.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Block.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Block sessionId. */
        sessionId: string;

        /** Block index. */
        index: number;

        /** Block fileHash. */
        fileHash: string;

        /** Block hash. */
        hash: string;

        /** Block data. */
        data: Uint8Array;

        /** Block operation. */
        operation: number;

        /** Block offset. */
        offset: number;

        /**
         * Creates a new Block instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Block instance
         */
        static create(properties: dsp.Block.$Shape): dsp.Block & dsp.Block.$Shape;
        static create(properties?: dsp.Block.$Properties): dsp.Block;

        /**
         * Encodes the specified Block message. Does not implicitly {@link dsp.Block.verify|verify} messages.
         * @param message Block message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Block.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Block message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Block & dsp.Block.$Shape} Block
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Block & dsp.Block.$Shape;

        /**
         * Gets the type url for Block
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Block {

        /** Properties of a Block. */
        interface $Properties {

            /** Block sessionId */
            sessionId?: (string|null);

            /** Block index */
            index?: (number|null);

            /** Block fileHash */
            fileHash?: (string|null);

            /** Block hash */
            hash?: (string|null);

            /** Block data */
            data?: (Uint8Array|null);

            /** Block operation */
            operation?: (number|null);

            /** Block offset */
            offset?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Block. */
        type $Shape = dsp.Block.$Properties;
    }

    /**
     * Properties of a BlockFlights.
     * @deprecated Use dsp.BlockFlights.$Properties instead.
     */
    interface IBlockFlights extends dsp.BlockFlights.$Properties {
    }

    /** Represents a BlockFlights. */
    class BlockFlights {

        /**
         * Constructs a new BlockFlights.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.BlockFlights.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** BlockFlights TimeStamp. */
        TimeStamp: number;

        /** BlockFlights sessionId. */
        sessionId: string;

        /** BlockFlights blocks. */
        blocks: dsp.Block.$Properties[];

        /** BlockFlights payment. */
        payment?: (dsp.Payment.$Properties|null);

        /**
         * Creates a new BlockFlights instance using the specified properties.
         * @param [properties] Properties to set
         * @returns BlockFlights instance
         */
        static create(properties: dsp.BlockFlights.$Shape): dsp.BlockFlights & dsp.BlockFlights.$Shape;
        static create(properties?: dsp.BlockFlights.$Properties): dsp.BlockFlights;

        /**
         * Encodes the specified BlockFlights message. Does not implicitly {@link dsp.BlockFlights.verify|verify} messages.
         * @param message BlockFlights message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.BlockFlights.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a BlockFlights message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.BlockFlights & dsp.BlockFlights.$Shape} BlockFlights
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.BlockFlights & dsp.BlockFlights.$Shape;

        /**
         * Gets the type url for BlockFlights
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace BlockFlights {

        /** Properties of a BlockFlights. */
        interface $Properties {

            /** BlockFlights TimeStamp */
            TimeStamp?: (number|null);

            /** BlockFlights sessionId */
            sessionId?: (string|null);

            /** BlockFlights blocks */
            blocks?: (dsp.Block.$Properties[]|null);

            /** BlockFlights payment */
            payment?: (dsp.Payment.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a BlockFlights. */
        type $Shape = dsp.BlockFlights.$Properties;
    }

    /**
     * Properties of a ProgressInfo.
     * @deprecated Use dsp.ProgressInfo.$Properties instead.
     */
    interface IProgressInfo extends dsp.ProgressInfo.$Properties {
    }

    /** Represents a ProgressInfo. */
    class ProgressInfo {

        /**
         * Constructs a new ProgressInfo.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ProgressInfo.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ProgressInfo nodeAddr. */
        nodeAddr: string;

        /** ProgressInfo count. */
        count: number;

        /**
         * Creates a new ProgressInfo instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ProgressInfo instance
         */
        static create(properties: dsp.ProgressInfo.$Shape): dsp.ProgressInfo & dsp.ProgressInfo.$Shape;
        static create(properties?: dsp.ProgressInfo.$Properties): dsp.ProgressInfo;

        /**
         * Encodes the specified ProgressInfo message. Does not implicitly {@link dsp.ProgressInfo.verify|verify} messages.
         * @param message ProgressInfo message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ProgressInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ProgressInfo message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ProgressInfo & dsp.ProgressInfo.$Shape} ProgressInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ProgressInfo & dsp.ProgressInfo.$Shape;

        /**
         * Gets the type url for ProgressInfo
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProgressInfo {

        /** Properties of a ProgressInfo. */
        interface $Properties {

            /** ProgressInfo nodeAddr */
            nodeAddr?: (string|null);

            /** ProgressInfo count */
            count?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ProgressInfo. */
        type $Shape = dsp.ProgressInfo.$Properties;
    }

    /**
     * Properties of a Progress.
     * @deprecated Use dsp.Progress.$Properties instead.
     */
    interface IProgress extends dsp.Progress.$Properties {
    }

    /** Represents a Progress. */
    class Progress {

        /**
         * Constructs a new Progress.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Progress.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Progress id. */
        id: string;

        /** Progress hash. */
        hash: string;

        /** Progress operation. */
        operation: number;

        /** Progress sender. */
        sender: string;

        /** Progress infos. */
        infos: dsp.ProgressInfo.$Properties[];

        /**
         * Creates a new Progress instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Progress instance
         */
        static create(properties: dsp.Progress.$Shape): dsp.Progress & dsp.Progress.$Shape;
        static create(properties?: dsp.Progress.$Properties): dsp.Progress;

        /**
         * Encodes the specified Progress message. Does not implicitly {@link dsp.Progress.verify|verify} messages.
         * @param message Progress message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Progress.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Progress message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Progress & dsp.Progress.$Shape} Progress
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Progress & dsp.Progress.$Shape;

        /**
         * Gets the type url for Progress
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Progress {

        /** Properties of a Progress. */
        interface $Properties {

            /** Progress id */
            id?: (string|null);

            /** Progress hash */
            hash?: (string|null);

            /** Progress operation */
            operation?: (number|null);

            /** Progress sender */
            sender?: (string|null);

            /** Progress infos */
            infos?: (dsp.ProgressInfo.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Progress. */
        type $Shape = dsp.Progress.$Properties;
    }

    /**
     * Properties of a Payment.
     * @deprecated Use dsp.Payment.$Properties instead.
     */
    interface IPayment extends dsp.Payment.$Properties {
    }

    /** Represents a Payment. */
    class Payment {

        /**
         * Constructs a new Payment.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Payment.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Payment channelId. */
        channelId: string;

        /** Payment cumulativeAmount. */
        cumulativeAmount: string;

        /** Payment signature. */
        signature: Uint8Array;

        /** Payment payer. */
        payer: string;

        /** Payment payee. */
        payee: string;

        /** Payment unitPrice. */
        unitPrice: string;

        /**
         * Creates a new Payment instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Payment instance
         */
        static create(properties: dsp.Payment.$Shape): dsp.Payment & dsp.Payment.$Shape;
        static create(properties?: dsp.Payment.$Properties): dsp.Payment;

        /**
         * Encodes the specified Payment message. Does not implicitly {@link dsp.Payment.verify|verify} messages.
         * @param message Payment message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Payment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Payment message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Payment & dsp.Payment.$Shape} Payment
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Payment & dsp.Payment.$Shape;

        /**
         * Gets the type url for Payment
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Payment {

        /** Properties of a Payment. */
        interface $Properties {

            /** Payment channelId */
            channelId?: (string|null);

            /** Payment cumulativeAmount */
            cumulativeAmount?: (string|null);

            /** Payment signature */
            signature?: (Uint8Array|null);

            /** Payment payer */
            payer?: (string|null);

            /** Payment payee */
            payee?: (string|null);

            /** Payment unitPrice */
            unitPrice?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Payment. */
        type $Shape = dsp.Payment.$Properties;
    }

    /**
     * Properties of a Torrent.
     * @deprecated Use dsp.Torrent.$Properties instead.
     */
    interface ITorrent extends dsp.Torrent.$Properties {
    }

    /** Represents a Torrent. */
    class Torrent {

        /**
         * Constructs a new Torrent.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Torrent.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Torrent infoHash. */
        infoHash: Uint8Array;

        /** Torrent left. */
        left: number;

        /** Torrent peerinfo. */
        peerinfo: Uint8Array;

        /** Torrent type. */
        type: number;

        /**
         * Creates a new Torrent instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Torrent instance
         */
        static create(properties: dsp.Torrent.$Shape): dsp.Torrent & dsp.Torrent.$Shape;
        static create(properties?: dsp.Torrent.$Properties): dsp.Torrent;

        /**
         * Encodes the specified Torrent message. Does not implicitly {@link dsp.Torrent.verify|verify} messages.
         * @param message Torrent message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Torrent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Torrent message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Torrent & dsp.Torrent.$Shape} Torrent
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Torrent & dsp.Torrent.$Shape;

        /**
         * Gets the type url for Torrent
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Torrent {

        /** Properties of a Torrent. */
        interface $Properties {

            /** Torrent infoHash */
            infoHash?: (Uint8Array|null);

            /** Torrent left */
            left?: (number|null);

            /** Torrent peerinfo */
            peerinfo?: (Uint8Array|null);

            /** Torrent type */
            type?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Torrent. */
        type $Shape = dsp.Torrent.$Properties;
    }

    /**
     * Properties of an Endpoint.
     * @deprecated Use dsp.Endpoint.$Properties instead.
     */
    interface IEndpoint extends dsp.Endpoint.$Properties {
    }

    /** Represents an Endpoint. */
    class Endpoint {

        /**
         * Constructs a new Endpoint.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.Endpoint.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Endpoint walletAddr. */
        walletAddr: string;

        /** Endpoint hostPort. */
        hostPort: string;

        /** Endpoint type. */
        type: number;

        /**
         * Creates a new Endpoint instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Endpoint instance
         */
        static create(properties: dsp.Endpoint.$Shape): dsp.Endpoint & dsp.Endpoint.$Shape;
        static create(properties?: dsp.Endpoint.$Properties): dsp.Endpoint;

        /**
         * Encodes the specified Endpoint message. Does not implicitly {@link dsp.Endpoint.verify|verify} messages.
         * @param message Endpoint message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.Endpoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Endpoint message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.Endpoint & dsp.Endpoint.$Shape} Endpoint
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.Endpoint & dsp.Endpoint.$Shape;

        /**
         * Gets the type url for Endpoint
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Endpoint {

        /** Properties of an Endpoint. */
        interface $Properties {

            /** Endpoint walletAddr */
            walletAddr?: (string|null);

            /** Endpoint hostPort */
            hostPort?: (string|null);

            /** Endpoint type */
            type?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an Endpoint. */
        type $Shape = dsp.Endpoint.$Properties;
    }

    /**
     * Properties of a ScanHello.
     * @deprecated Use dsp.ScanHello.$Properties instead.
     */
    interface IScanHello extends dsp.ScanHello.$Properties {
    }

    /** Represents a ScanHello. */
    class ScanHello {

        /**
         * Constructs a new ScanHello.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ScanHello.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ScanHello chainId. */
        chainId: number;

        /** ScanHello registry. */
        registry: string;

        /** ScanHello nonce. */
        nonce: Uint8Array;

        /** ScanHello echo. */
        echo: Uint8Array;

        /**
         * Creates a new ScanHello instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ScanHello instance
         */
        static create(properties: dsp.ScanHello.$Shape): dsp.ScanHello & dsp.ScanHello.$Shape;
        static create(properties?: dsp.ScanHello.$Properties): dsp.ScanHello;

        /**
         * Encodes the specified ScanHello message. Does not implicitly {@link dsp.ScanHello.verify|verify} messages.
         * @param message ScanHello message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ScanHello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScanHello message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ScanHello & dsp.ScanHello.$Shape} ScanHello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ScanHello & dsp.ScanHello.$Shape;

        /**
         * Gets the type url for ScanHello
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScanHello {

        /** Properties of a ScanHello. */
        interface $Properties {

            /** ScanHello chainId */
            chainId?: (number|null);

            /** ScanHello registry */
            registry?: (string|null);

            /** ScanHello nonce */
            nonce?: (Uint8Array|null);

            /** ScanHello echo */
            echo?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ScanHello. */
        type $Shape = dsp.ScanHello.$Properties;
    }

    /**
     * Properties of a ScanAnnouncement.
     * @deprecated Use dsp.ScanAnnouncement.$Properties instead.
     */
    interface IScanAnnouncement extends dsp.ScanAnnouncement.$Properties {
    }

    /** Represents a ScanAnnouncement. */
    class ScanAnnouncement {

        /**
         * Constructs a new ScanAnnouncement.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ScanAnnouncement.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ScanAnnouncement chainId. */
        chainId: number;

        /** ScanAnnouncement publicKey. */
        publicKey: Uint8Array;

        /** ScanAnnouncement walletAddr. */
        walletAddr: string;

        /** ScanAnnouncement hostAddr. */
        hostAddr: string;

        /** ScanAnnouncement type. */
        type: number;

        /** ScanAnnouncement fileHashes. */
        fileHashes: Uint8Array[];

        /** ScanAnnouncement timestamp. */
        timestamp: number;

        /** ScanAnnouncement ttl. */
        ttl: number;

        /** ScanAnnouncement signature. */
        signature: Uint8Array;

        /**
         * Creates a new ScanAnnouncement instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ScanAnnouncement instance
         */
        static create(properties: dsp.ScanAnnouncement.$Shape): dsp.ScanAnnouncement & dsp.ScanAnnouncement.$Shape;
        static create(properties?: dsp.ScanAnnouncement.$Properties): dsp.ScanAnnouncement;

        /**
         * Encodes the specified ScanAnnouncement message. Does not implicitly {@link dsp.ScanAnnouncement.verify|verify} messages.
         * @param message ScanAnnouncement message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ScanAnnouncement.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScanAnnouncement message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ScanAnnouncement & dsp.ScanAnnouncement.$Shape} ScanAnnouncement
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ScanAnnouncement & dsp.ScanAnnouncement.$Shape;

        /**
         * Gets the type url for ScanAnnouncement
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScanAnnouncement {

        /** Properties of a ScanAnnouncement. */
        interface $Properties {

            /** ScanAnnouncement chainId */
            chainId?: (number|null);

            /** ScanAnnouncement publicKey */
            publicKey?: (Uint8Array|null);

            /** ScanAnnouncement walletAddr */
            walletAddr?: (string|null);

            /** ScanAnnouncement hostAddr */
            hostAddr?: (string|null);

            /** ScanAnnouncement type */
            type?: (number|null);

            /** ScanAnnouncement fileHashes */
            fileHashes?: (Uint8Array[]|null);

            /** ScanAnnouncement timestamp */
            timestamp?: (number|null);

            /** ScanAnnouncement ttl */
            ttl?: (number|null);

            /** ScanAnnouncement signature */
            signature?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ScanAnnouncement. */
        type $Shape = dsp.ScanAnnouncement.$Properties;
    }

    /**
     * Properties of a ScanPush.
     * @deprecated Use dsp.ScanPush.$Properties instead.
     */
    interface IScanPush extends dsp.ScanPush.$Properties {
    }

    /** Represents a ScanPush. */
    class ScanPush {

        /**
         * Constructs a new ScanPush.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ScanPush.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ScanPush announcements. */
        announcements: dsp.ScanAnnouncement.$Properties[];

        /**
         * Creates a new ScanPush instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ScanPush instance
         */
        static create(properties: dsp.ScanPush.$Shape): dsp.ScanPush & dsp.ScanPush.$Shape;
        static create(properties?: dsp.ScanPush.$Properties): dsp.ScanPush;

        /**
         * Encodes the specified ScanPush message. Does not implicitly {@link dsp.ScanPush.verify|verify} messages.
         * @param message ScanPush message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ScanPush.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScanPush message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ScanPush & dsp.ScanPush.$Shape} ScanPush
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ScanPush & dsp.ScanPush.$Shape;

        /**
         * Gets the type url for ScanPush
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScanPush {

        /** Properties of a ScanPush. */
        interface $Properties {

            /** ScanPush announcements */
            announcements?: (dsp.ScanAnnouncement.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ScanPush. */
        type $Shape = dsp.ScanPush.$Properties;
    }

    /**
     * Properties of a ScanPushResult.
     * @deprecated Use dsp.ScanPushResult.$Properties instead.
     */
    interface IScanPushResult extends dsp.ScanPushResult.$Properties {
    }

    /** Represents a ScanPushResult. */
    class ScanPushResult {

        /**
         * Constructs a new ScanPushResult.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ScanPushResult.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ScanPushResult accepted. */
        accepted: number;

        /** ScanPushResult known. */
        known: number;

        /** ScanPushResult pending. */
        pending: number;

        /** ScanPushResult rejected. */
        rejected: number;

        /**
         * Creates a new ScanPushResult instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ScanPushResult instance
         */
        static create(properties: dsp.ScanPushResult.$Shape): dsp.ScanPushResult & dsp.ScanPushResult.$Shape;
        static create(properties?: dsp.ScanPushResult.$Properties): dsp.ScanPushResult;

        /**
         * Encodes the specified ScanPushResult message. Does not implicitly {@link dsp.ScanPushResult.verify|verify} messages.
         * @param message ScanPushResult message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ScanPushResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScanPushResult message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ScanPushResult & dsp.ScanPushResult.$Shape} ScanPushResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ScanPushResult & dsp.ScanPushResult.$Shape;

        /**
         * Gets the type url for ScanPushResult
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScanPushResult {

        /** Properties of a ScanPushResult. */
        interface $Properties {

            /** ScanPushResult accepted */
            accepted?: (number|null);

            /** ScanPushResult known */
            known?: (number|null);

            /** ScanPushResult pending */
            pending?: (number|null);

            /** ScanPushResult rejected */
            rejected?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ScanPushResult. */
        type $Shape = dsp.ScanPushResult.$Properties;
    }

    /**
     * Properties of a ScanPull.
     * @deprecated Use dsp.ScanPull.$Properties instead.
     */
    interface IScanPull extends dsp.ScanPull.$Properties {
    }

    /** Represents a ScanPull. */
    class ScanPull {

        /**
         * Constructs a new ScanPull.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ScanPull.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ScanPull after. */
        after: string;

        /** ScanPull first. */
        first: number;

        /**
         * Creates a new ScanPull instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ScanPull instance
         */
        static create(properties: dsp.ScanPull.$Shape): dsp.ScanPull & dsp.ScanPull.$Shape;
        static create(properties?: dsp.ScanPull.$Properties): dsp.ScanPull;

        /**
         * Encodes the specified ScanPull message. Does not implicitly {@link dsp.ScanPull.verify|verify} messages.
         * @param message ScanPull message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ScanPull.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScanPull message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ScanPull & dsp.ScanPull.$Shape} ScanPull
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ScanPull & dsp.ScanPull.$Shape;

        /**
         * Gets the type url for ScanPull
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScanPull {

        /** Properties of a ScanPull. */
        interface $Properties {

            /** ScanPull after */
            after?: (string|null);

            /** ScanPull first */
            first?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ScanPull. */
        type $Shape = dsp.ScanPull.$Properties;
    }

    /**
     * Properties of a ScanPage.
     * @deprecated Use dsp.ScanPage.$Properties instead.
     */
    interface IScanPage extends dsp.ScanPage.$Properties {
    }

    /** Represents a ScanPage. */
    class ScanPage {

        /**
         * Constructs a new ScanPage.
         * @param [properties] Properties to set
         */
        constructor(properties?: dsp.ScanPage.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ScanPage announcements. */
        announcements: dsp.ScanAnnouncement.$Properties[];

        /** ScanPage hasMore. */
        hasMore: boolean;

        /**
         * Creates a new ScanPage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ScanPage instance
         */
        static create(properties: dsp.ScanPage.$Shape): dsp.ScanPage & dsp.ScanPage.$Shape;
        static create(properties?: dsp.ScanPage.$Properties): dsp.ScanPage;

        /**
         * Encodes the specified ScanPage message. Does not implicitly {@link dsp.ScanPage.verify|verify} messages.
         * @param message ScanPage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dsp.ScanPage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScanPage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dsp.ScanPage & dsp.ScanPage.$Shape} ScanPage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dsp.ScanPage & dsp.ScanPage.$Shape;

        /**
         * Gets the type url for ScanPage
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScanPage {

        /** Properties of a ScanPage. */
        interface $Properties {

            /** ScanPage announcements */
            announcements?: (dsp.ScanAnnouncement.$Properties[]|null);

            /** ScanPage hasMore */
            hasMore?: (boolean|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ScanPage. */
        type $Shape = dsp.ScanPage.$Properties;
    }
}
