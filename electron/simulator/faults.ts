// SOAP faults the firmware sends, with their HTTP status (spec wsman-amt.md §1.7).
import { ACTION } from './namespaces';
import type { FaultSpec } from './xml-writer';

/** A fault plus the HTTP status it travels with. */
export interface HttpFault {
  readonly status: number;
  readonly fault: FaultSpec;
}

/** Resource or class not present on this firmware (captured shape, HTTP 400). */
export const DESTINATION_UNREACHABLE: HttpFault = {
  status: 400,
  fault: {
    code: 'Sender',
    subcodeNs: 'wsa',
    subcode: 'DestinationUnreachable',
    reason: 'No route can be determined to reach the destination role defined by the WSAddressing To.',
    action: ACTION.addressingFault,
  },
};

/** Action URI or method name the class does not have. */
export const ACTION_NOT_SUPPORTED: HttpFault = {
  status: 400,
  fault: {
    code: 'Sender',
    subcodeNs: 'wsa',
    subcode: 'ActionNotSupported',
    reason: 'The action is not supported by the service.',
    action: ACTION.addressingFault,
  },
};

/** Missing or wrong selectors on a multi-instance class. */
export const INVALID_SELECTORS: HttpFault = {
  status: 400,
  fault: {
    code: 'Sender',
    subcodeNs: 'wsman',
    subcode: 'InvalidSelectors',
    reason: 'The Selectors for the resource were not valid.',
    action: ACTION.wsmanFault,
  },
};

/** Operation not allowed now (e.g. boot changes without user consent in CCM). */
export const ACCESS_DENIED: HttpFault = {
  status: 400,
  fault: {
    code: 'Sender',
    subcodeNs: 'wsman',
    subcode: 'AccessDenied',
    reason: 'The sender was not authorized to access the resource.',
    action: ACTION.wsmanFault,
  },
};

/** Create of something that exists already (captured in RPS, HTTP 400). */
export const ALREADY_EXISTS: HttpFault = {
  status: 400,
  fault: {
    code: 'Sender',
    subcodeNs: 'wsman',
    subcode: 'AlreadyExists',
    reason: 'The sender attempted to create a resource which already exists.',
    action: ACTION.wsmanFault,
  },
};

/** Put or Create body with a value of the wrong type or a reference that does not fit. */
export const INVALID_REPRESENTATION: HttpFault = {
  status: 400,
  fault: {
    code: 'Sender',
    subcodeNs: 'wxf',
    subcode: 'InvalidRepresentation',
    reason: 'The XML content was invalid.',
    action: ACTION.transferFault,
  },
};

/** Pull with an unknown, finished or expired enumeration context. */
export const INVALID_ENUMERATION_CONTEXT: HttpFault = {
  status: 400,
  fault: {
    code: 'Receiver',
    subcodeNs: 'wsen',
    subcode: 'InvalidEnumerationContext',
    reason: 'The supplied enumeration context is invalid.',
    action: ACTION.enumerationFault,
  },
};

/** Internal firmware error, sent with HTTP 500 (fault injection). */
export const INTERNAL_ERROR: HttpFault = {
  status: 500,
  fault: {
    code: 'Receiver',
    subcodeNs: 'wsman',
    subcode: 'InternalError',
    reason: 'The service cannot comply with the request due to internal processing errors.',
    action: ACTION.wsmanFault,
  },
};
