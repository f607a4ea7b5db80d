{{ print
 1
 )}}