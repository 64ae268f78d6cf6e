// What the notification modules share: a notification's body and where it goes.

export interface BuiltNotification { body: object; url: string | undefined }
