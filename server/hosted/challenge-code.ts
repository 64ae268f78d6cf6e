// The one-time code that passes every sandbox 3DS challenge; any other code fails it. The challenge page
// shows it, so a buyer in a demo and a test alike know what to type.
export const CHALLENGE_PASS_CODE = '123456';
